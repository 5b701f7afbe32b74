// A transport that keeps what a Worker sends, so tests can read its progress and report.
import type { DrainReport, ProgressPhase, WorkerMessage } from '../../worker-sdk/protocol.js';
import { Worker, type WorkerTransport } from '../../worker-sdk/worker.js';

export class RecordingTransport implements WorkerTransport {
  readonly messages: WorkerMessage[] = [];
  readonly connected = true;

  send(message: WorkerMessage): Promise<boolean> {
    this.messages.push(message);
    return Promise.resolve(true);
  }

  phases(): ProgressPhase[] {
    return this.messages.flatMap((m) => (m.type === 'progress' ? [m.phase] : []));
  }

  reports(): DrainReport[] {
    return this.messages.flatMap((m) => (m.type === 'drained' ? [m.report] : []));
  }
}

/** A Worker that reports into a RecordingTransport and never exits the test process. */
export function makeWorker(graceMs = 5000): { worker: Worker; transport: RecordingTransport } {
  const transport = new RecordingTransport();
  const worker = new Worker({ graceMs, transport, onDrained: () => undefined });
  return { worker, transport };
}

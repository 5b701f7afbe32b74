// Stops one worker instance the graceful way: ask it to drain (or send its stop signal), record
// what it reports, and escalate at its grace deadline — killSignal to its process group, then
// SIGKILL — or at once when the shutdown is forced.
import type {
  DrainReason,
  DrainReport,
  ProgressMessage,
  WorkerMessage,
} from '../worker-sdk/protocol.js';
import type { StopOutcome, StopRecorder } from './shutdown-record.js';
import type { ExitInfo, InstanceState, WorkerInstance } from './worker-instance.js';

export interface StopRequest {
  shutdownId: string;
  reason: DrainReason;
  recorder: StopRecorder;
  /** Aborted when the operator insists (a second signal): SIGKILL now. */
  force: AbortSignal;
}

const STATE_OF_OUTCOME: Record<StopOutcome, InstanceState> = {
  drained: 'stopped',
  exited: 'stopped',
  killed: 'killed',
  crashed: 'crashed',
};

/** A worker's own clock stamps its progress; implausible stamps fall back to ours. */
const CLOCK_TOLERANCE_MS = 5000;

function inflightOf(message: ProgressMessage): number | undefined {
  const value = message.detail.inflight;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** The report itself is stored with the stop; the timeline keeps the verdict. */
function summarizeReport(report: DrainReport): Record<string, unknown> {
  return { clean: report.clean, durationMs: report.durationMs };
}

class InstanceStop {
  readonly #instance: WorkerInstance;
  readonly #request: StopRequest;
  readonly #timers: NodeJS.Timeout[] = [];
  #lastProgress: ProgressMessage | undefined;
  #drained = false;
  #killed = false;
  #stopSignalSent: NodeJS.Signals | undefined;

  constructor(instance: WorkerInstance, request: StopRequest) {
    this.#instance = instance;
    this.#request = request;
  }

  async run(): Promise<StopOutcome> {
    const instance = this.#instance;
    const { recorder, force } = this.#request;
    const sentAt = Date.now();
    const deadline = sentAt + instance.config.graceMs;

    instance.setState('draining', `stop requested (${this.#request.reason})`);
    recorder.update({ drainSentAt: sentAt });
    const onMessage = (message: WorkerMessage) => this.#onMessage(message);
    const onForce = () => this.#forceNow();
    instance.on('message', onMessage);
    force.addEventListener('abort', onForce, { once: true });
    this.#askToStop(deadline);
    this.#armEscalation();
    if (force.aborted) this.#forceNow();

    const exit = await instance.waitExit();
    for (const timer of this.#timers) clearTimeout(timer);
    instance.off('message', onMessage);
    force.removeEventListener('abort', onForce);
    return this.#finish(exit);
  }

  #askToStop(deadline: number): void {
    const { config } = this.#instance;
    const { recorder, reason, shutdownId } = this.#request;
    if (config.drain === 'ipc') {
      const graceMs = config.graceMs;
      const message = {
        supervisor: 1,
        type: 'drain',
        shutdownId,
        reason,
        deadline,
        graceMs,
      } as const;
      if (this.#instance.send(message)) {
        recorder.event('drain-sent', { reason, deadline, graceMs }, deadline - graceMs);
        return;
      }
    }
    // Signal-mode workers, and IPC workers whose channel is gone, get their stop signal.
    const signal = config.stopSignal;
    this.#stopSignalSent = signal;
    const why = config.drain === 'ipc' ? 'ipc channel closed' : 'signal drain';
    recorder.event('stop-signal', { signal, why });
    this.#instance.signalProcess(signal);
  }

  #armEscalation(): void {
    const { graceMs, killSignal, killTimeoutMs } = this.#instance.config;
    const atDeadline = setTimeout(() => {
      this.#killed = true;
      this.#request.recorder.event('kill-signal', { signal: killSignal, ...this.#outstanding() });
      this.#instance.log.warn({ signal: killSignal, graceMs }, 'grace deadline passed');
      this.#instance.signalGroup(killSignal);
    }, graceMs);
    const afterKillTimeout = setTimeout(() => {
      this.#request.recorder.event('sigkill', { afterMs: killTimeoutMs });
      this.#instance.log.warn({ killTimeoutMs }, 'still running after kill signal');
      this.#instance.signalGroup('SIGKILL');
    }, graceMs + killTimeoutMs);
    this.#timers.push(atDeadline, afterKillTimeout);
  }

  /** What the worker had last said it was doing: the history's account of what was cut off. */
  #outstanding(): Record<string, unknown> {
    if (this.#drained) return { outstanding: 'exit after drained' };
    if (!this.#lastProgress) return { outstanding: 'no progress reported' };
    return { lastPhase: this.#lastProgress.phase, lastDetail: this.#lastProgress.detail };
  }

  #forceNow(): void {
    this.#killed = true;
    this.#request.recorder.event('forced', { signal: 'SIGKILL' });
    this.#instance.signalGroup('SIGKILL');
  }

  #onMessage(message: WorkerMessage): void {
    const { recorder } = this.#request;
    if (message.type === 'progress') {
      const now = Date.now();
      const at = Math.abs(message.at - now) <= CLOCK_TOLERANCE_MS ? message.at : now;
      this.#lastProgress = message;
      recorder.event(message.phase, message.detail, at);
      const inflight = message.phase === 'http-closed' ? inflightOf(message) : undefined;
      if (inflight !== undefined) recorder.update({ inflightAtDrain: inflight });
    } else if (message.type === 'drained' && !this.#drained) {
      this.#drained = true;
      recorder.event('drained', summarizeReport(message.report));
      recorder.update({ drainedAt: Date.now(), report: message.report });
      this.#instance.log.debug({ clean: message.report.clean }, 'worker drained');
    }
  }

  #finish(exit: ExitInfo): StopOutcome {
    const { recorder } = this.#request;
    recorder.event('exit', { code: exit.code, signal: exit.signal }, exit.at);
    if (this.#instance.hasLiveGroup()) {
      // Nothing a worker spawned may outlive its stop.
      recorder.event('group-killed', { signal: 'SIGKILL' });
      this.#instance.signalGroup('SIGKILL');
    }
    const outcome = this.#outcome(exit);
    recorder.update({
      exitedAt: exit.at,
      outcome,
      ...(exit.code === null ? {} : { exitCode: exit.code }),
      ...(exit.signal === null ? {} : { signal: exit.signal }),
    });
    this.#instance.setState(STATE_OF_OUTCOME[outcome], `stop ended: ${outcome}`);
    this.#instance.log.info({ code: exit.code, signal: exit.signal, outcome }, 'worker stopped');
    return outcome;
  }

  #outcome(exit: ExitInfo): StopOutcome {
    if (this.#killed) return 'killed';
    if (this.#drained) return 'drained';
    const endedAsAsked = exit.signal !== null && exit.signal === this.#stopSignalSent;
    return exit.code === 0 || endedAsAsked ? 'exited' : 'crashed';
  }
}

/** Stops one instance; resolves with how its stop ended once its process has exited. */
export function stopInstance(instance: WorkerInstance, request: StopRequest): Promise<StopOutcome> {
  return new InstanceStop(instance, request).run();
}

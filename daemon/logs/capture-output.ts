// Worker stdout and stderr, line by line, to whichever sink the daemon installed: the worker log
// files when it runs (see worker-logs.ts), else straight through to the daemon's own streams.
import type { ChildProcess } from 'node:child_process';

import { forEachLine } from './line-splitter.js';

export type OutputStream = 'stdout' | 'stderr';

/** Which instance a line came from. */
export interface OutputSource {
  worker: string;
  instance: number;
}

export interface OutputLine extends OutputSource {
  pid: number;
  stream: OutputStream;
  line: string;
}

export interface OutputSink {
  write(line: OutputLine): void;
  /** Called once per captured process, with a promise that settles when its pipes have closed. */
  track(closed: Promise<void>): void;
}

/** Used when no daemon installed a sink (a Supervisor run on its own): output goes through. */
const PASS_THROUGH: OutputSink = {
  write: ({ stream, line }) => process[stream].write(`${line}\n`),
  track: () => undefined,
};

let sink: OutputSink = PASS_THROUGH;

/** Installs where captured lines go; returns a function that puts the previous sink back. */
export function setOutputSink(next: OutputSink): () => void {
  const previous = sink;
  sink = next;
  return () => {
    sink = previous;
  };
}

/**
 * Reads a freshly spawned worker's stdout and stderr pipes until they close. Reading to the end
 * of the pipes, not to the process exit, is what keeps the last lines a worker prints.
 */
export function captureOutput(child: ChildProcess, source: OutputSource): void {
  const { pid, stdout, stderr } = child;
  if (pid === undefined || !stdout || !stderr) return; // the spawn failed: nothing to read
  const target = sink;
  const read = (stream: OutputStream, readable: NonNullable<ChildProcess['stdout']>) =>
    forEachLine(readable, (line) => target.write({ ...source, pid, stream, line }));
  target.track(Promise.all([read('stdout', stdout), read('stderr', stderr)]).then(() => {}));
}

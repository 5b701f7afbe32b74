// The daemon's sink for worker output: pino JSON lines in <stateDir>/logs/<worker>.log (size
// rotated), optionally echoed to the daemon's terminal, and handed to control subscribers.
import { mkdirSync } from 'node:fs';

import { pino, type Logger } from 'pino';

import type { OutputLine, OutputSink } from './capture-output.js';
import { logsDir, workerLogPath } from './log-paths.js';
import { DEFAULT_ROTATION, RotatingFile, type RotationOptions } from './rotating-file.js';

export interface WorkerLogsOptions {
  stateDir: string;
  /** The daemon's own log, for a log file that cannot be written. */
  log: Logger;
  /** Also print each line on the daemon's stdout / stderr, prefixed `name#instance | `. */
  echo: boolean;
  rotation?: RotationOptions;
  /** Sees every line after it is written, e.g. to stream it to control subscribers. */
  onLine?: (line: OutputLine, at: number) => void;
}

/** How long the daemon waits, on its way out, for workers' pipes to deliver their last lines. */
const CLOSE_WAIT_MS = 2_000;

export class WorkerLogs implements OutputSink {
  readonly #options: WorkerLogsOptions;
  readonly #files = new Map<string, { file: RotatingFile; log: Logger }>();
  readonly #open = new Set<Promise<void>>();
  #closed = false;
  #failed = false;

  constructor(options: WorkerLogsOptions) {
    this.#options = options;
    mkdirSync(logsDir(options.stateDir), { recursive: true, mode: 0o700 });
  }

  write(line: OutputLine): void {
    if (this.#closed) return;
    const at = Date.now();
    this.#append(line);
    if (this.#options.echo) {
      process[line.stream].write(`${line.worker}#${line.instance} | ${line.line}\n`);
    }
    this.#options.onLine?.(line, at);
  }

  track(closed: Promise<void>): void {
    this.#open.add(closed);
    void closed.then(() => this.#open.delete(closed));
  }

  /**
   * Waits until every captured pipe has closed (at most CLOSE_WAIT_MS: a grandchild that kept a
   * worker's stdout open must not hold the daemon up), then closes the files.
   */
  async close(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const giveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)));
    await Promise.race([Promise.all(this.#open), giveUp]);
    clearTimeout(timer);
    this.#closed = true;
    for (const { file } of this.#files.values()) file.close();
    this.#files.clear();
  }

  /** A full disk or a removed folder costs the log lines, never the daemon: said once. */
  #append(line: OutputLine): void {
    const { worker, instance, pid, stream } = line;
    try {
      this.#logOf(worker).info({ worker, instance, pid, stream }, line.line);
    } catch (error: unknown) {
      if (this.#failed) return;
      this.#failed = true;
      this.#options.log.error({ err: error, worker }, 'worker log not written');
    }
  }

  #logOf(worker: string): Logger {
    let entry = this.#files.get(worker);
    if (!entry) {
      const path = workerLogPath(this.#options.stateDir, worker);
      const file = new RotatingFile(path, this.#options.rotation ?? DEFAULT_ROTATION);
      entry = { file, log: pino({ base: null }, file) };
      this.#files.set(worker, entry);
    }
    return entry.log;
  }
}

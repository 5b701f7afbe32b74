// Keeps the writer's connection: opens it lazily, notices a file deleted or replaced under it,
// and reopens a broken one at most once per delay, so a dead disk costs one attempt per delay.
// A file deleted or replaced is reopened at once: the new file is not known to be broken.
import { performance } from 'node:perf_hooks';

import type { FailureLog } from './failure-log.js';
import { HistoryError } from './history-error.js';
import { historyPath } from './history-path.js';
import { openWriterConnection, type WriterConnection } from './writer-connection.js';

/** The writer's one connection, or none while the database is unusable. */
export class ConnectionKeeper {
  readonly path: string;
  readonly #stateDir: string;
  readonly #failures: FailureLog;
  readonly #reopenDelayMs: number;
  #connection: WriterConnection | null = null;
  #nextOpenAt = 0;
  #closed = false;

  constructor(stateDir: string, failures: FailureLog, reopenDelayMs: number) {
    this.#stateDir = stateDir;
    this.path = historyPath(stateDir);
    this.#failures = failures;
    this.#reopenDelayMs = reopenDelayMs;
  }

  /** The connection, (re)opened if needed and allowed; null while unusable or closed. */
  current(): WriterConnection | null {
    if (this.#closed) return null;
    if (this.#connection && !this.#connection.isStillAtPath()) {
      const message = `history file ${this.path} was deleted or replaced: reopening it`;
      this.#failures.report(new HistoryError(message, 'ERR_HISTORY_MOVED', this.path));
      this.#connection.closeMoved();
      this.#connection = null;
    }
    if (!this.#connection && performance.now() >= this.#nextOpenAt) this.#open();
    return this.#connection;
  }

  get isOpen(): boolean {
    return this.#connection !== null;
  }

  /** Milliseconds until the next reopen attempt is allowed. */
  msUntilReopen(): number {
    return Math.max(0, this.#nextOpenAt - performance.now());
  }

  /** Drops a connection that failed; a later `current()` reopens it after the delay. */
  discard(): void {
    this.#connection?.close();
    this.#connection = null;
    this.#nextOpenAt = performance.now() + this.#reopenDelayMs;
  }

  /** Closes for good. */
  close(): void {
    this.#connection?.close();
    this.#connection = null;
    this.#closed = true;
  }

  #open(): void {
    try {
      this.#connection = openWriterConnection(this.#stateDir);
    } catch (error: unknown) {
      this.#failures.report(error, 'history unavailable');
      this.#nextOpenAt = performance.now() + this.#reopenDelayMs;
    }
  }
}

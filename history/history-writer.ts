// The daemon's side of the history. Writes are queued and committed in batches on the next turn
// of the event loop; no method ever throws, because a broken history must not break a shutdown.
import { performance } from 'node:perf_hooks';

import type { Logger } from 'pino';

import { BoundedQueue } from './bounded-queue.js';
import { ConnectionKeeper } from './connection-keeper.js';
import { FailureLog, failureKind } from './failure-log.js';
import { FlushScheduler } from './flush-scheduler.js';
import { HistoryError } from './history-error.js';
import type {
  LifecycleEventInput,
  ShutdownFinish,
  ShutdownStart,
  TimelineEventInput,
  WorkerStopPatch,
  WorkerStopStart,
} from './types.js';
import * as rows from './write-rows.js';
import type { WriterStatements } from './writer-statements.js';

/** Tuning knobs; the defaults suit the daemon, tests shrink the delays. */
export interface HistoryWriterOptions {
  /** Writes kept while the database is locked or unusable; the oldest go first. */
  maxPending?: number;
  /** Writes per transaction: bounds how long one commit holds the event loop. */
  batchSize?: number;
  /** Delay before retrying a locked database. */
  busyRetryMs?: number;
  /** Least delay between two attempts to (re)open an unusable database. */
  reopenDelayMs?: number;
  /** How long writes must pause before the WAL is checkpointed into the database file. */
  checkpointIdleMs?: number;
  /** Writes after which the WAL is checkpointed even if they never pause. */
  checkpointEveryWrites?: number;
}

/** Counters for status output and benchmarks. */
export interface HistoryWriterStats {
  pending: number;
  committed: number;
  dropped: number;
  /** The longest single synchronous commit so far. */
  longestCommitMs: number;
  /** WAL checkpoints run so far. */
  checkpoints: number;
}

const DEFAULTS: Required<HistoryWriterOptions> = {
  maxPending: 10_000,
  batchSize: 500,
  busyRetryMs: 100,
  reopenDelayMs: 5_000,
  checkpointIdleMs: 1_000,
  checkpointEveryWrites: 250,
};

/** Records shutdowns, their worker stops, timeline events and lifecycle events. */
export class HistoryWriter {
  readonly path: string;
  readonly #options: Required<HistoryWriterOptions>;
  readonly #failures: FailureLog;
  readonly #logger: Logger;
  readonly #queue: BoundedQueue<rows.PendingWrite>;
  readonly #stats = { committed: 0, dropped: 0, longestCommitMs: 0, checkpoints: 0 };
  readonly #connections: ConnectionKeeper;
  readonly #scheduler = new FlushScheduler(() => this.#flushOneBatch());
  #closed = false;
  #overflowing = false;
  /** The last worker stop id handed out, committed or still queued; 0 before the first. */
  #lastStopId = 0;
  #writesSinceCheckpoint = 0;
  #checkpointTimer: NodeJS.Timeout | undefined;

  constructor(stateDir: string, logger: Logger, options: HistoryWriterOptions = {}) {
    this.#options = { ...DEFAULTS, ...options };
    this.#logger = logger;
    this.#failures = new FailureLog(logger);
    this.#connections = new ConnectionKeeper(stateDir, this.#failures, this.#options.reopenDelayMs);
    this.path = this.#connections.path;
    this.#queue = new BoundedQueue(this.#options.maxPending);
    this.#connections.current();
  }

  /**
   * Records a new shutdown at once and returns its id, or null when the store is unusable. The
   * writes still queued are not flushed first: they belong to other rows, and commit next turn.
   */
  beginShutdown(start: ShutdownStart): number | null {
    const row = rows.shutdownRow(start);
    const id = this.#runNow((statements) => statements.insertShutdown.run(row).lastInsertRowid);
    return id === null ? null : Number(id);
  }

  /**
   * Queues a worker instance's stop and returns its id, or null when no id can be had. The id is
   * handed out here, so that the stop's row commits in the same batch as its events instead of
   * in a transaction of its own.
   */
  beginWorkerStop(shutdownId: number | null, start: WorkerStopStart): number | null {
    if (shutdownId === null || this.#closed) return null;
    const id = this.#nextStopId();
    if (id === null) return null;
    this.#enqueue({ type: 'stop', row: rows.stopRow(id, shutdownId, start) });
    return id;
  }

  updateWorkerStop(stopId: number | null, patch: WorkerStopPatch): void {
    if (stopId === null) return;
    this.#enqueue({ type: 'stop-update', row: rows.stopPatchRow(stopId, patch) });
  }

  recordEvent(input: TimelineEventInput): void {
    if (input.shutdownId === null) return;
    this.#enqueue({ type: 'event', row: rows.eventRow(input.shutdownId, input) });
  }

  finishShutdown(id: number | null, finish: ShutdownFinish): void {
    if (id === null) return;
    this.#enqueue({ type: 'finish', row: rows.finishRow(id, finish) });
  }

  recordLifecycle(input: LifecycleEventInput): void {
    this.#enqueue({ type: 'lifecycle', row: rows.lifecycleRow(input) });
  }

  /** At start-up: closes shutdowns left open by a supervisor that died; returns how many. */
  markUnfinishedIncomplete(): number {
    this.flush(); // a finish still queued must count as finished
    return this.#runNow((statements) => statements.markUnfinished.run().changes) ?? 0;
  }

  /** Commits every queued write now; returns false when some are still waiting (locked, broken). */
  flush(): boolean {
    this.#scheduler.cancelSoon();
    while (this.#queue.size > 0) {
      if (!this.#commitBatch()) {
        this.#scheduleRetry();
        return false;
      }
    }
    return true;
  }

  stats(): HistoryWriterStats {
    return { pending: this.#queue.size, ...this.#stats };
  }

  /** Flushes, then closes the database; later writes are ignored. */
  close(): void {
    if (this.#closed) return;
    this.flush();
    this.#logUnsaved();
    this.#scheduler.cancelAll();
    clearTimeout(this.#checkpointTimer);
    this.#connections.close(); // SQLite checkpoints as its last connection closes
    this.#closed = true;
  }

  // Past both the ids handed out and those in the file: the file may have been replaced by one
  // with other rows since (it is reopened then), and its queued stops are not in it yet.
  #nextStopId(): number | null {
    const last = this.#tryNow((statements) => statements.lastStopId.get() ?? 0);
    if (last === null && this.#lastStopId === 0) return null;
    this.#lastStopId = Math.max(this.#lastStopId, last ?? 0) + 1;
    return this.#lastStopId;
  }

  /** Runs a write now; its success ends a run of failures. */
  #runNow<T>(run: (statements: WriterStatements) => T): T | null {
    const result = this.#tryNow(run);
    if (result !== null) this.#failures.recovered();
    return result;
  }

  // A read succeeds on a database locked for writing: it proves nothing about the writes.
  #tryNow<T>(run: (statements: WriterStatements) => T): T | null {
    const connection = this.#connections.current();
    if (!connection) return null;
    try {
      return run(connection.statements);
    } catch (error: unknown) {
      this.#failed(error);
      return null;
    }
  }

  #enqueue(write: rows.PendingWrite): void {
    if (this.#closed) return;
    if (this.#queue.push(write)) this.#dropped();
    this.#scheduler.soon();
  }

  // Logged once per overflow, which lasts until the queue is empty again: commits succeeding in
  // between do not end it, or a burst would log a line per batch.
  #dropped(): void {
    this.#stats.dropped += 1;
    if (this.#overflowing) return;
    this.#overflowing = true;
    const message = `history queue full: dropping the oldest of ${this.#queue.limit} writes`;
    const error = new HistoryError(message, 'ERR_HISTORY_QUEUE_FULL', this.path);
    this.#logger.error({ err: error, code: error.code }, 'history queue full');
  }

  /** Commits the oldest batch; false when the database could not take it. */
  #commitBatch(): boolean {
    const connection = this.#connections.current();
    if (!connection) return false;
    const batch = this.#queue.peek(this.#options.batchSize);
    const started = performance.now();
    try {
      const rejected = connection.commit(batch, (error) => this.#failures.report(error));
      this.#queue.discard(batch.length);
      if (this.#queue.size === 0) this.#overflowing = false;
      this.#stats.committed += batch.length - rejected;
      this.#stats.dropped += rejected;
      if (rejected === 0) this.#failures.recovered();
      this.#writesSinceCheckpoint += batch.length;
      this.#scheduleCheckpoint();
      return true;
    } catch (error: unknown) {
      this.#failed(error);
      return false;
    } finally {
      const elapsed = performance.now() - started;
      this.#stats.longestCommitMs = Math.max(this.#stats.longestCommitMs, elapsed);
    }
  }

  // A checkpoint holds the event loop for two fsyncs and a copy of every page written since the
  // last one: it waits for the writes to pause, and in a burst runs every few hundred writes,
  // while it is still short (on a 100,000-shutdown history, 50,000 writes took 60 ms). It runs
  // right after the commit that crossed the threshold: put off to a timer of its own, it kept
  // being put off by the next commits and grew (longest stall 8 ms against 4-6 ms).
  // Limitation: the fsyncs run on the daemon's thread, so a disk that is slow to sync (up to
  // 16 ms seen here) stalls the event loop as long; a worker thread would cost 6-9 MB of RSS.
  #scheduleCheckpoint(): void {
    clearTimeout(this.#checkpointTimer);
    if (this.#writesSinceCheckpoint >= this.#options.checkpointEveryWrites) {
      this.#checkpoint();
      return;
    }
    const delay = this.#options.checkpointIdleMs;
    this.#checkpointTimer = setTimeout(() => this.#checkpoint(), delay).unref();
  }

  #checkpoint(): void {
    this.#checkpointTimer = undefined;
    this.#writesSinceCheckpoint = 0;
    const connection = this.#connections.current();
    if (!connection) return;
    try {
      connection.checkpoint();
      this.#stats.checkpoints += 1;
    } catch (error: unknown) {
      this.#failed(error);
    }
  }

  #failed(error: unknown): void {
    this.#failures.report(error);
    if (failureKind(error) === 'unusable') this.#connections.discard();
  }

  // One batch per turn, so that a burst of events never holds the event loop for long.
  // Limitation: a producer that queues more than `batchSize` writes per turn, for longer than
  // the queue can absorb (`maxPending` writes), loses the oldest ones. Committing several
  // batches per turn under a time budget would keep up longer, at the cost of longer stalls.
  #flushOneBatch(): void {
    if (this.#queue.size === 0) return;
    if (!this.#commitBatch()) this.#scheduleRetry();
    else if (this.#queue.size > 0) this.#scheduler.soon();
  }

  // A locked database is retried soon; an unusable one when it may be reopened.
  #scheduleRetry(): void {
    if (this.#queue.size === 0) return;
    const delay = this.#connections.isOpen
      ? this.#options.busyRetryMs
      : Math.max(1, this.#connections.msUntilReopen());
    this.#scheduler.later(delay);
  }

  #logUnsaved(): void {
    if (this.#queue.size === 0) return;
    const message = `${this.#queue.size} history writes could not be saved before closing`;
    const error = new HistoryError(message, 'ERR_HISTORY_UNSAVED', this.path);
    this.#logger.error({ err: error, code: error.code, count: this.#queue.size }, 'history lost');
  }
}

/** Opens the history of a state directory for writing; never throws (failures are logged). */
export function openHistory(
  stateDir: string,
  logger: Logger,
  options?: HistoryWriterOptions,
): HistoryWriter {
  return new HistoryWriter(stateDir, logger, options);
}

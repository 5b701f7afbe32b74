// The daemon's view of the history: one shutdown and the stop of each instance within it.
// Every call is fire-and-forget; the history store logs its own failures and never throws.
import { hostname } from 'node:os';

import type {
  EventDetail,
  HistoryWriter,
  ShutdownOutcome,
  StopOutcome,
  TimelineKind,
  WorkerStopPatch,
} from '../history/index.js';
import type { DrainReason } from '../worker-sdk/protocol.js';
import type { WorkerInstance } from './worker-instance.js';

export type { ShutdownOutcome, StopOutcome };

/** Writes the events of one worker instance's stop. */
export interface StopRecorder {
  event(kind: TimelineKind, detail?: EventDetail, at?: number): void;
  update(patch: WorkerStopPatch): void;
}

export class ShutdownRecord {
  readonly startedAt: number;
  readonly #history: HistoryWriter;
  readonly #id: number | null;

  constructor(history: HistoryWriter, reason: DrainReason, trigger: string) {
    this.#history = history;
    this.startedAt = Date.now();
    // Limitation: when the history is locked or unusable at the very moment a shutdown begins,
    // the whole shutdown goes unrecorded (id `unrecorded-…`, its events dropped), even if the
    // history works again a moment later, because the row's id is taken before the first drain is
    // sent. It matters when a backup or a sqlite3 shell holds the write lock at that moment.
    this.#id = history.beginShutdown({
      reason,
      trigger,
      host: hostname(),
      supervisorPid: process.pid,
      startedAt: this.startedAt,
    });
  }

  /** The id workers see in their drain message; still unique when the history is down. */
  get shutdownId(): string {
    return this.#id === null ? `unrecorded-${this.startedAt}` : String(this.#id);
  }

  event(kind: TimelineKind, detail?: EventDetail): void {
    this.#history.recordEvent({ shutdownId: this.#id, at: Date.now(), kind, detail });
  }

  /** An event of one instance outside its stop: a replacement spawned, ready, or not. */
  instanceEvent(instance: WorkerInstance, kind: TimelineKind, detail?: EventDetail): void {
    this.#history.recordEvent({
      shutdownId: this.#id,
      worker: instance.config.name,
      instance: instance.index,
      at: Date.now(),
      kind,
      detail,
    });
  }

  /** Opens the record of one instance's stop. */
  stop(instance: WorkerInstance): StopRecorder {
    const history = this.#history;
    const where = {
      shutdownId: this.#id,
      worker: instance.config.name,
      instance: instance.index,
    };
    const stopId = history.beginWorkerStop(this.#id, {
      ...where,
      pid: instance.pid ?? 0,
      graceMs: instance.config.graceMs,
      drainMode: instance.config.drain,
    });
    return {
      event: (kind, detail, at = Date.now()) =>
        history.recordEvent({ ...where, stopId, at, kind, detail }),
      update: (patch) => history.updateWorkerStop(stopId, patch),
    };
  }

  finish(outcome: ShutdownOutcome): void {
    this.#history.finishShutdown(this.#id, { finishedAt: Date.now(), outcome });
    this.#history.flush();
  }
}

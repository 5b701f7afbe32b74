// Turns the writer's inputs into the rows bound to its statements. Timestamps are rounded:
// workers may send fractional milliseconds, and the tables are STRICT integers.
import type {
  EventDetail,
  LifecycleEventInput,
  ShutdownFinish,
  ShutdownStart,
  TimelineEventInput,
  WorkerStopPatch,
  WorkerStopStart,
} from './types.js';

export interface ShutdownRow {
  reason: string;
  trigger: string;
  host: string;
  supervisorPid: number;
  startedAt: number;
}

export interface StopRow {
  id: number;
  shutdownId: number;
  worker: string;
  instance: number;
  pid: number;
  graceMs: number;
  drainMode: string;
}

export interface StopPatchRow {
  stopId: number;
  drainSentAt: number | null;
  drainedAt: number | null;
  exitedAt: number | null;
  exitCode: number | null;
  signal: string | null;
  outcome: string | null;
  inflightAtDrain: number | null;
  report: string | null;
}

export interface EventRow {
  shutdownId: number;
  stopId: number | null;
  worker: string | null;
  instance: number | null;
  at: number;
  kind: string;
  detail: string | null;
}

export interface FinishRow {
  id: number;
  finishedAt: number;
  outcome: string;
}

export interface LifecycleRow {
  at: number;
  worker: string;
  instance: number;
  pid: number | null;
  kind: string;
  detail: string | null;
}

/** A write waiting in the queue for the next batch. */
export type PendingWrite =
  | { type: 'stop'; row: StopRow }
  | { type: 'stop-update'; row: StopPatchRow }
  | { type: 'event'; row: EventRow }
  | { type: 'finish'; row: FinishRow }
  | { type: 'lifecycle'; row: LifecycleRow };

function timeOrNull(value: number | undefined): number | null {
  return value === undefined ? null : Math.round(value);
}

/** JSON text for a detail or report; one that cannot be serialized says so instead of failing. */
export function toJson(value: EventDetail | object | undefined): string | null {
  if (value === undefined) return null;
  try {
    return JSON.stringify(value);
  } catch (error: unknown) {
    return JSON.stringify({ unserializable: String(error) });
  }
}

export function shutdownRow(start: ShutdownStart): ShutdownRow {
  return { ...start, startedAt: Math.round(start.startedAt) };
}

export function stopRow(id: number, shutdownId: number, start: WorkerStopStart): StopRow {
  return { id, shutdownId, ...start };
}

export function stopPatchRow(stopId: number, patch: WorkerStopPatch): StopPatchRow {
  return {
    stopId,
    drainSentAt: timeOrNull(patch.drainSentAt),
    drainedAt: timeOrNull(patch.drainedAt),
    exitedAt: timeOrNull(patch.exitedAt),
    exitCode: patch.exitCode ?? null,
    signal: patch.signal ?? null,
    outcome: patch.outcome ?? null,
    inflightAtDrain: patch.inflightAtDrain ?? null,
    report: toJson(patch.report),
  };
}

export function eventRow(shutdownId: number, input: TimelineEventInput): EventRow {
  return {
    shutdownId,
    stopId: input.stopId ?? null,
    worker: input.worker ?? null,
    instance: input.instance ?? null,
    at: Math.round(input.at),
    kind: input.kind,
    detail: toJson(input.detail),
  };
}

export function finishRow(id: number, finish: ShutdownFinish): FinishRow {
  return { id, finishedAt: Math.round(finish.finishedAt), outcome: finish.outcome };
}

export function lifecycleRow(input: LifecycleEventInput): LifecycleRow {
  return {
    at: Math.round(input.at),
    worker: input.worker,
    instance: input.instance,
    pid: input.pid ?? null,
    kind: input.kind,
    detail: toJson(input.detail),
  };
}

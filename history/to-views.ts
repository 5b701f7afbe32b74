// Turns stored rows into the reader's views: ISO timestamps, durations, parsed JSON.
import type { EventRecord, LifecycleRecord, ShutdownRecord, StopRecord } from './reader-rows.js';
import type {
  LifecycleEntry,
  ShutdownDetail,
  ShutdownSummary,
  TimelineEvent,
  WorkerStopDetail,
  WorkerStopSummary,
} from './views.js';

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function elapsedOrNull(from: number | null, to: number | null): number | null {
  return from === null || to === null ? null : to - from;
}

/** Parses stored JSON text back into an object; anything else (none, garbage) is null. */
export function parseObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
    return isObject ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function toStopSummary(stop: StopRecord): WorkerStopSummary {
  return {
    name: stop.name,
    instance: stop.instance,
    pid: stop.pid,
    outcome: stop.outcome,
    graceMs: stop.graceMs,
    inflightAtDrain: stop.inflightAtDrain,
    drainMs: elapsedOrNull(stop.drainSentAt, stop.exitedAt),
    exitCode: stop.exitCode,
    signal: stop.signal,
  };
}

function toStopDetail(stop: StopRecord): WorkerStopDetail {
  return {
    ...toStopSummary(stop),
    drainMode: stop.drainMode,
    drainSentAt: isoOrNull(stop.drainSentAt),
    drainedAt: isoOrNull(stop.drainedAt),
    exitedAt: isoOrNull(stop.exitedAt),
    report: parseObject(stop.report),
  };
}

function toTimelineEvent(event: EventRecord, startedAt: number): TimelineEvent {
  return {
    offsetMs: event.at - startedAt,
    at: new Date(event.at).toISOString(),
    worker: event.worker,
    instance: event.instance,
    kind: event.kind,
    detail: parseObject(event.detail) ?? {},
  };
}

/** A shutdown as listed by `supervisor history`. */
export function toShutdownSummary(row: ShutdownRecord, stops: StopRecord[]): ShutdownSummary {
  return {
    id: row.id,
    reason: row.reason,
    trigger: row.trigger,
    startedAt: new Date(row.startedAt).toISOString(),
    finishedAt: isoOrNull(row.finishedAt),
    durationMs: elapsedOrNull(row.startedAt, row.finishedAt),
    outcome: row.outcome,
    workers: stops.map(toStopSummary),
  };
}

/** A shutdown with everything recorded about it, as shown by `supervisor show`. */
export function toShutdownDetail(
  row: ShutdownRecord,
  stops: StopRecord[],
  events: EventRecord[],
): ShutdownDetail {
  return {
    ...toShutdownSummary(row, []),
    host: row.host,
    supervisorPid: row.supervisorPid,
    workers: stops.map(toStopDetail),
    events: events.map((event) => toTimelineEvent(event, row.startedAt)),
  };
}

export function toLifecycleEntry(row: LifecycleRecord): LifecycleEntry {
  return { ...row, at: new Date(row.at).toISOString(), detail: parseObject(row.detail) ?? {} };
}

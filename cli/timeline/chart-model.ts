// What the timeline chart draws, worked out from a shutdown: one row per worker instance, every
// time in milliseconds since the shutdown began.
import type { ShutdownDetail, TimelineEvent, WorkerStopDetail } from '../../history/index.js';

/** The events drawn as marks on a row; every other kind is left to the event list. */
export type MarkKind = 'http-idle' | 'tasks-done' | 'resource-closed' | 'kill-signal' | 'sigkill';

const MARK_OF_KIND: Record<string, MarkKind> = {
  'http-idle': 'http-idle',
  'tasks-done': 'tasks-done',
  'resource-closed': 'resource-closed',
  'kill-signal': 'kill-signal',
  sigkill: 'sigkill',
  // A forced shutdown SIGKILLs at once: the same blow, at the operator's request.
  forced: 'sigkill',
};

const ESCALATIONS = new Set(['kill-signal', 'sigkill', 'forced']);

export interface ChartMark {
  atMs: number;
  kind: MarkKind;
}

export interface ChartRow {
  /** `web#0`. */
  label: string;
  worker: WorkerStopDetail;
  /** The drain (or stop signal) was sent; null when nothing says when. */
  startMs: number | null;
  /** The process exited or, when that is unknown, the last event heard of it. */
  endMs: number | null;
  hasExited: boolean;
  /** The first escalation (killSignal, SIGKILL); null when the worker was never signalled. */
  escalatedMs: number | null;
  /** Drain sent + graceMs: when killSignal is due. */
  deadlineMs: number | null;
  marks: ChartMark[];
}

export interface ChartModel {
  rows: ChartRow[];
  /** The time the axis must reach to show everything: at least 1 ms. */
  spanMs: number;
}

function offsetOf(iso: string | null, startedAt: number): number | null {
  return iso === null ? null : Date.parse(iso) - startedAt;
}

// Limitation: events name their worker instance, not the stop they belong to, so when one
// shutdown stops the same instance twice (not something the daemon does today) both rows get
// the events of both stops.
function eventsOf(worker: WorkerStopDetail, events: TimelineEvent[]): TimelineEvent[] {
  return events.filter(
    (event) => event.worker === worker.name && event.instance === worker.instance,
  );
}

function toRow(worker: WorkerStopDetail, events: TimelineEvent[], startedAt: number): ChartRow {
  const own = eventsOf(worker, events);
  const startMs = offsetOf(worker.drainSentAt, startedAt) ?? own[0]?.offsetMs ?? null;
  const marks = own.flatMap((event) => {
    const kind = MARK_OF_KIND[event.kind];
    return kind ? [{ atMs: event.offsetMs, kind }] : [];
  });
  return {
    label: `${worker.name}#${worker.instance}`,
    worker,
    startMs,
    endMs: offsetOf(worker.exitedAt, startedAt) ?? own.at(-1)?.offsetMs ?? startMs,
    hasExited: worker.exitedAt !== null,
    escalatedMs: own.find((event) => ESCALATIONS.has(event.kind))?.offsetMs ?? null,
    deadlineMs: startMs === null ? null : startMs + worker.graceMs,
    marks,
  };
}

function latestOf(row: ChartRow): number {
  const times = [row.startMs, row.endMs, row.deadlineMs, ...row.marks.map((mark) => mark.atMs)];
  return Math.max(0, ...times.filter((time): time is number => time !== null));
}

/** The chart of a shutdown: its rows in the order the instances were stopped, and its span. */
export function buildChartModel(shutdown: ShutdownDetail): ChartModel {
  const startedAt = Date.parse(shutdown.startedAt);
  const rows = shutdown.workers.map((worker) => toRow(worker, shutdown.events, startedAt));
  const spanMs = Math.max(1, shutdown.durationMs ?? 0, ...rows.map(latestOf));
  return { rows, spanMs };
}

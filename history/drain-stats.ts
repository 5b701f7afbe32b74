// Per-worker figures over recorded stops: drain time percentiles, how often the worker was
// killed, and which phase or resource held its drains open for the most time.
import { parseObject } from './to-views.js';

/** One recorded stop, with its timeline events in time order. */
export interface StopForStats {
  worker: string;
  outcome: string | null;
  drainSentAt: number | null;
  exitedAt: number | null;
  events: { at: number; kind: string; detail: string | null }[];
}

export interface HeldOpen {
  /** `http`, `tasks`, `transactions`, `resource <name>`, `report`, `exit`, `process`, … */
  what: string;
  totalMs: number;
  /** Of all the drain time of this worker's stops, 0 to 1. */
  share: number;
}

export interface WorkerDrainStats {
  worker: string;
  stops: number;
  /** Over the stops whose drain start and exit were both recorded; null when none were. */
  drainMs: { p50: number; p95: number; max: number } | null;
  killed: number;
  heldOpenBy: HeldOpen | null;
}

// Who the time up to an event belongs to: reaching `http-idle` took as long as the requests did.
const HOLDER_OF_EVENT: Record<string, string> = {
  'drain-received': 'delivery',
  'http-closed': 'http',
  'http-idle': 'http',
  'tasks-done': 'tasks',
  transactions: 'transactions',
  drained: 'report',
  exit: 'exit',
};

// Time that ends in an escalation belongs to what the worker was doing after its last report.
const HOLDER_AFTER: Record<string, string> = {
  'drain-received': 'http',
  'http-closed': 'http',
  'http-idle': 'tasks',
  'tasks-done': 'resources',
  transactions: 'resources',
  'resource-closed': 'resources',
  drained: 'exit',
};

// Steps that begin the stop, and escalations whose time belongs to the last phase reported.
const STARTS = new Set(['drain-sent', 'stop-signal']);
const ESCALATIONS = new Set(['kill-signal', 'sigkill', 'forced', 'group-killed']);

function holderOf(kind: string, detail: string | null, lastPhase: string | undefined): string {
  if (kind === 'resource-closed') {
    const name = parseObject(detail)?.name;
    return typeof name === 'string' ? `resource ${name}` : 'resources';
  }
  const isEscalation = ESCALATIONS.has(kind) || (kind === 'exit' && lastPhase !== 'drained');
  if (isEscalation) return (lastPhase && HOLDER_AFTER[lastPhase]) ?? 'process';
  return HOLDER_OF_EVENT[kind] ?? kind;
}

/** How long each holder kept one stop open, from its first step to its exit. */
function heldOpenInStop(stop: StopForStats): Map<string, number> {
  const held = new Map<string, number>();
  let previousAt: number | undefined;
  let lastPhase: string | undefined;
  for (const event of stop.events) {
    if (STARTS.has(event.kind)) {
      previousAt ??= event.at;
      continue;
    }
    if (previousAt === undefined) continue;
    const holder = holderOf(event.kind, event.detail, lastPhase);
    held.set(holder, (held.get(holder) ?? 0) + Math.max(0, event.at - previousAt));
    previousAt = Math.max(previousAt, event.at);
    if (!ESCALATIONS.has(event.kind)) lastPhase = event.kind;
    if (event.kind === 'exit') break;
  }
  return held;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] ?? 0;
}

function statsOf(worker: string, stops: StopForStats[]): WorkerDrainStats {
  const drains = stops
    .flatMap((stop) =>
      stop.drainSentAt !== null && stop.exitedAt !== null ? [stop.exitedAt - stop.drainSentAt] : [],
    )
    .sort((a, b) => a - b);
  const held = new Map<string, number>();
  for (const stop of stops) {
    for (const [what, ms] of heldOpenInStop(stop)) held.set(what, (held.get(what) ?? 0) + ms);
  }
  const total = [...held.values()].reduce((sum, ms) => sum + ms, 0);
  const [top] = [...held.entries()].sort((a, b) => b[1] - a[1]);
  return {
    worker,
    stops: stops.length,
    drainMs:
      drains.length === 0
        ? null
        : { p50: percentile(drains, 50), p95: percentile(drains, 95), max: drains.at(-1) ?? 0 },
    killed: stops.filter((stop) => stop.outcome === 'killed').length,
    heldOpenBy: top && total > 0 ? { what: top[0], totalMs: top[1], share: top[1] / total } : null,
  };
}

/** Figures per worker, in order of each worker's first appearance in `stops`. */
export function computeDrainStats(stops: StopForStats[]): WorkerDrainStats[] {
  const byWorker = new Map<string, StopForStats[]>();
  for (const stop of stops) {
    const list = byWorker.get(stop.worker);
    if (list) list.push(stop);
    else byWorker.set(stop.worker, [stop]);
  }
  return [...byWorker].map(([worker, list]) => statsOf(worker, list));
}

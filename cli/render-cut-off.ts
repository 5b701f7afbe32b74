// What a shutdown cut off, from the workers' drain reports (requests still running, tasks and
// resources that timed out or failed, and lists of fields this CLI does not know yet) and from
// how each worker ended (killed, crashed). Reports are read defensively: they are stored as the
// workers sent them.
import type { WorkerStopDetail } from '../history/index.js';
import { formatDetail, formatDuration } from './format-values.js';

/** One thing cut off, and the worker instance it belongs to. */
export interface CutOff {
  worker: string;
  what: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '?';
}

function duration(value: unknown): string {
  return typeof value === 'number' ? formatDuration(value) : '? ms';
}

function describeHttp(http: Record<string, unknown>): string[] {
  const cut = records(http.cutRequests).map(
    (request) =>
      `${text(request.method)} ${text(request.path)}, running for ${duration(request.ageMs)}`,
  );
  const forced = typeof http.socketsForced === 'number' ? http.socketsForced : 0;
  if (forced > 0) cut.push(`${forced} socket${forced === 1 ? '' : 's'} destroyed at the deadline`);
  return cut;
}

function describeSteps(kind: string, steps: unknown): string[] {
  return records(steps)
    .filter((step) => step.outcome === 'timed-out' || step.outcome === 'failed')
    .map((step) => {
      const verb = step.outcome === 'timed-out' ? 'timed out' : 'failed';
      const error = typeof step.error === 'string' ? `: ${step.error}` : '';
      return `${kind} ${text(step.name)} ${verb} after ${duration(step.durationMs)}${error}`;
    });
}

/** Lists a report field that only a newer worker sends, item by item, skipping done items. */
function describeOtherList(key: string, value: unknown): string[] {
  return records(value)
    .filter((item) => item.outcome !== 'done')
    .map((item) => `${key}: ${formatDetail(item)}`);
}

// Extension point: a report field with a describer here reads the way it says; any other field
// that holds a list of records (cancelled queries, forced websockets, ...) is listed generically,
// so that a worker newer than this CLI never has what it cut off silently dropped.
const REPORT_FIELDS = new Map<string, (value: unknown) => string[]>([
  ['http', (value) => (isRecord(value) ? describeHttp(value) : [])],
  ['tasks', (value) => describeSteps('task', value)],
  ['resources', (value) => describeSteps('resource', value)],
]);

// Report fields that summarize the drain rather than list what it cut off.
const SUMMARY_FIELDS = new Set(['reason', 'startedAt', 'durationMs', 'clean']);

function describeReport(report: Record<string, unknown> | null): string[] {
  if (!report) return [];
  return Object.entries(report).flatMap(([key, value]) => {
    if (SUMMARY_FIELDS.has(key)) return [];
    const describe = REPORT_FIELDS.get(key);
    return describe ? describe(value) : describeOtherList(key, value);
  });
}

function describeEnding(worker: WorkerStopDetail): string[] {
  const how = worker.signal ? `signal ${worker.signal}` : `exit code ${worker.exitCode ?? '?'}`;
  if (worker.outcome === 'killed') {
    return [`killed by ${how} after its ${formatDuration(worker.graceMs)} grace`];
  }
  if (worker.outcome === 'crashed') return [`crashed during the drain (${how})`];
  return [];
}

/** Everything the shutdown cut off, worker by worker. */
export function listCutOffs(workers: WorkerStopDetail[]): CutOff[] {
  return workers.flatMap((worker) => {
    const label = `${worker.name}#${worker.instance}`;
    const lines = [...describeReport(worker.report), ...describeEnding(worker)];
    return lines.map((what) => ({ worker: label, what }));
  });
}

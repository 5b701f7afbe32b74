// `supervisor show --events`: every recorded step, worker by worker, each with its offset from
// the start of the shutdown.
import type { ShutdownDetail, TimelineEvent, WorkerStopDetail } from '../history/index.js';
import type { Paint, Style } from './format-colour.js';
import { outcomeCell } from './format-outcome.js';
import type { Cell } from './format-table.js';
import { formatDetail, formatDuration } from './format-values.js';

const SUPERVISOR = 'supervisor';

// Steps worth catching the eye: escalations in red, acknowledgements in green.
const KIND_STYLES: Record<string, Style> = {
  drained: 'green',
  'kill-signal': 'red',
  sigkill: 'red',
  forced: 'red',
};

interface EventGroup {
  label: string;
  heading: string;
  events: TimelineEvent[];
}

function labelOf(worker: string | null, instance: number | null): string {
  return worker === null ? SUPERVISOR : `${worker}#${instance ?? '?'}`;
}

/** A cell's text in its style. */
export function paintCell(cell: Cell, paint: Paint): string {
  return cell.style ? paint(cell.style, cell.text) : cell.text;
}

function describeWorker(worker: WorkerStopDetail, paint: Paint): string {
  const after = worker.drainMs === null ? '' : ` after ${formatDuration(worker.drainMs)}`;
  const ending = worker.signal ? `signal ${worker.signal}` : `exit code ${worker.exitCode ?? '-'}`;
  const inflight = worker.inflightAtDrain === null ? '' : `, ${worker.inflightAtDrain} in flight`;
  return [
    paint('bold', labelOf(worker.name, worker.instance)),
    `pid ${worker.pid}`,
    `${paintCell(outcomeCell(worker.outcome), paint)}${after}`,
    `(${ending}; ${worker.drainMode} drain, grace ${formatDuration(worker.graceMs)}${inflight})`,
  ].join('  ');
}

/** The supervisor's own events first, then each worker instance in the order it was stopped. */
function groupEvents(shutdown: ShutdownDetail, paint: Paint): EventGroup[] {
  const groups = new Map<string, EventGroup>();
  groups.set(SUPERVISOR, { label: SUPERVISOR, heading: paint('bold', SUPERVISOR), events: [] });
  for (const worker of shutdown.workers) {
    const label = labelOf(worker.name, worker.instance);
    groups.set(label, { label, heading: describeWorker(worker, paint), events: [] });
  }
  for (const event of shutdown.events) {
    const label = labelOf(event.worker, event.instance);
    const group = groups.get(label) ?? { label, heading: paint('bold', label), events: [] };
    groups.set(label, group);
    group.events.push(event);
  }
  return [...groups.values()].filter((group) => group.label !== SUPERVISOR || group.events.length);
}

// Limitation: event lines are not wrapped to the terminal: an event's detail is data to read in
// full (or with --json), and cutting it would hide the part that explains it.
/** The event list's lines, with a blank line before each group. */
export function renderEvents(shutdown: ShutdownDetail, paint: Paint): string[] {
  const { events } = shutdown;
  const offsetWidth = Math.max(1, ...events.map((event) => String(event.offsetMs).length));
  const labelWidth = Math.max(
    ...events.map((event) => labelOf(event.worker, event.instance).length),
  );
  const kindWidth = Math.max(...events.map((event) => event.kind.length));
  const renderEvent = (event: TimelineEvent): string => {
    const offset = paint('dim', `+${String(event.offsetMs).padStart(offsetWidth)} ms`);
    const label = labelOf(event.worker, event.instance).padEnd(labelWidth);
    const kind = event.kind.padEnd(kindWidth);
    const style = KIND_STYLES[event.kind];
    const detail = formatDetail(event.detail);
    return `    ${offset}  ${label}  ${style ? paint(style, kind) : kind}  ${detail}`.trimEnd();
  };
  const groups = groupEvents(shutdown, paint);
  if (groups.length === 0) return ['', '  (nothing recorded yet)'];
  return groups.flatMap((group) => [
    '',
    `  ${group.heading}`,
    ...(group.events.length ? group.events.map(renderEvent) : ['    (no events recorded)']),
  ]);
}

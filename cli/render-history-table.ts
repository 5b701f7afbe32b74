// `supervisor history` as a table: one line per shutdown, newest first.
import type { ShutdownSummary, WorkerStopSummary } from '../history/index.js';
import type { Paint } from './format-colour.js';
import { outcomeCell } from './format-outcome.js';
import { renderTable, type Cell, type Column } from './format-table.js';
import { formatDuration, formatLocalTime } from './format-values.js';

const COLUMNS: Column[] = [
  { header: 'ID', align: 'right' },
  { header: 'STARTED' },
  { header: 'REASON' },
  { header: 'TRIGGER' },
  { header: 'DURATION', align: 'right' },
  { header: 'OUTCOME' },
  { header: 'WORKERS' },
];

// The order outcomes are counted in: the good news first.
const STOP_OUTCOMES = ['drained', 'exited', 'killed', 'crashed', 'unfinished'];

/** `2 drained, 1 killed`: how the shutdown's worker instances ended. */
export function summarizeWorkers(workers: WorkerStopSummary[]): string {
  if (workers.length === 0) return '-';
  const counts = new Map<string, number>();
  for (const worker of workers) {
    const outcome = worker.outcome ?? 'unfinished';
    counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  }
  return STOP_OUTCOMES.filter((outcome) => counts.has(outcome))
    .map((outcome) => `${counts.get(outcome)} ${outcome}`)
    .join(', ');
}

function toRow(shutdown: ShutdownSummary): Cell[] {
  return [
    { text: String(shutdown.id) },
    { text: formatLocalTime(shutdown.startedAt) },
    { text: shutdown.reason },
    { text: shutdown.trigger },
    { text: formatDuration(shutdown.durationMs) },
    outcomeCell(shutdown.outcome),
    { text: summarizeWorkers(shutdown.workers) },
  ];
}

/** The shutdowns as a table, in the order given. */
export function renderHistoryTable(shutdowns: ShutdownSummary[], paint: Paint): string {
  return renderTable(COLUMNS, shutdowns.map(toRow), paint);
}

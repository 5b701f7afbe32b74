// `supervisor history --stats` as a table: one row per worker over every recorded stop.
import type { WorkerDrainStats } from '../history/index.js';
import type { Paint } from './format-colour.js';
import { renderTable, type Cell, type Column } from './format-table.js';
import { formatDuration } from './format-values.js';

const COLUMNS: Column[] = [
  { header: 'WORKER' },
  { header: 'STOPS', align: 'right' },
  { header: 'DRAIN P50', align: 'right' },
  { header: 'P95', align: 'right' },
  { header: 'MAX', align: 'right' },
  { header: 'KILLED', align: 'right' },
  { header: 'HELD OPEN MOST BY' },
];

function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

function toRow(stats: WorkerDrainStats): Cell[] {
  const { drainMs, heldOpenBy } = stats;
  const killed = `${stats.killed} (${percent(stats.killed / Math.max(1, stats.stops))})`;
  return [
    { text: stats.worker, style: 'bold' },
    { text: String(stats.stops) },
    { text: formatDuration(drainMs?.p50 ?? null) },
    { text: formatDuration(drainMs?.p95 ?? null) },
    { text: formatDuration(drainMs?.max ?? null) },
    stats.killed > 0 ? { text: killed, style: 'red' } : { text: killed },
    {
      text: heldOpenBy ? `${heldOpenBy.what}, ${percent(heldOpenBy.share)} of drain time` : '-',
    },
  ];
}

/** The table, ending with a newline. */
export function renderDrainStats(stats: WorkerDrainStats[], paint: Paint): string {
  return renderTable(COLUMNS, stats.map(toRow), paint);
}

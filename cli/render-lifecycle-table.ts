// `supervisor history --events` as a table: one line per worker lifecycle event, newest first.
import type { LifecycleEntry } from '../history/index.js';
import type { Paint, Style } from './format-colour.js';
import { renderTable, type Cell, type Column } from './format-table.js';
import { formatDetail, formatLocalTime } from './format-values.js';

const COLUMNS: Column[] = [
  { header: 'TIME' },
  { header: 'WORKER' },
  { header: 'PID', align: 'right' },
  { header: 'EVENT' },
  { header: 'DETAIL' },
];

// What needs a look in red, a worker back in service in green.
const KIND_STYLES: Record<string, Style> = {
  crash: 'red',
  'crash-loop': 'red',
  'ready-timeout': 'red',
  restart: 'yellow',
  ready: 'green',
  reload: 'green',
};

function toRow(entry: LifecycleEntry): Cell[] {
  const style = KIND_STYLES[entry.kind];
  return [
    { text: formatLocalTime(entry.at, true) },
    { text: `${entry.worker}#${entry.instance}` },
    { text: entry.pid === null ? '-' : String(entry.pid) },
    style ? { text: entry.kind, style } : { text: entry.kind },
    { text: formatDetail(entry.detail) },
  ];
}

/** The lifecycle events as a table, in the order given. */
export function renderLifecycleTable(entries: LifecycleEntry[], paint: Paint): string {
  return renderTable(COLUMNS, entries.map(toRow), paint);
}

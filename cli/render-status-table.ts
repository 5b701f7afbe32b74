// `supervisor status` as text: a line about the daemon, then one row per worker instance.
import type { InstanceStatus, StatusSnapshot } from '../daemon/index.js';
import type { Paint } from './format-colour.js';
import { renderTable, type Cell, type Column } from './format-table.js';
import { formatBytes, formatCpu, formatUptime } from './format-usage.js';

const COLUMNS: Column[] = [
  { header: 'WORKER' },
  { header: 'INSTANCE', align: 'right' },
  { header: 'PID', align: 'right' },
  { header: 'STATE' },
  { header: 'UPTIME', align: 'right' },
  { header: 'RESTARTS', align: 'right' },
  { header: 'CPU', align: 'right' },
  { header: 'MEMORY', align: 'right' },
];

const STATE_STYLES: Partial<Record<InstanceStatus['state'], Cell['style']>> = {
  ready: 'green',
  starting: 'cyan',
  draining: 'yellow',
  killed: 'red',
  crashed: 'red',
};

/** A state as a cell, in its colour. */
export function stateCell(state: InstanceStatus['state']): Cell {
  const style = STATE_STYLES[state];
  return style ? { text: state, style } : { text: state };
}

function toRow(status: InstanceStatus): Cell[] {
  return [
    { text: status.worker, style: 'bold' },
    { text: String(status.instance) },
    { text: status.pid === null ? '-' : String(status.pid) },
    stateCell(status.state),
    { text: formatUptime(status.uptimeMs) },
    { text: String(status.restarts) },
    { text: formatCpu(status.cpuPercent) },
    { text: formatBytes(status.memoryBytes) },
  ];
}

/** The daemon's line and the instance table, ending with a newline. */
export function renderStatusTable(snapshot: StatusSnapshot, paint: Paint, now: number): string {
  const { supervisor } = snapshot;
  const stopping = supervisor.stopping ? `, ${paint('yellow', 'stopping')}` : '';
  const header =
    `supervisor pid ${supervisor.pid}, up ${formatUptime(now - supervisor.startedAt)}` +
    `${stopping}, config ${supervisor.config}`;
  return `${header}\n\n${renderTable(COLUMNS, snapshot.workers.map(toRow), paint)}`;
}

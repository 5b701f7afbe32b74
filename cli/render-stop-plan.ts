// `supervisor stop --plan` as text: one line per worker, step by step, then the worst case.
import type { StopPlan } from '../daemon/index.js';
import type { Paint } from './format-colour.js';
import { renderTable, type Cell, type Column } from './format-table.js';
import { formatDuration } from './format-values.js';

const COLUMNS: Column[] = [
  { header: 'STEP', align: 'right' },
  { header: 'WORKER' },
  { header: 'INSTANCES', align: 'right' },
  { header: 'GRACE', align: 'right' },
  { header: 'KILL TIMEOUT', align: 'right' },
  { header: 'DEADLINE', align: 'right' },
  { header: 'SIGKILL BY', align: 'right' },
];

function toRows(plan: StopPlan): Cell[][] {
  return plan.steps.flatMap((step, index) =>
    step.workers.map((worker) => [
      { text: String(index + 1) },
      { text: worker.name, style: 'bold' as const },
      { text: String(worker.instances) },
      { text: formatDuration(worker.graceMs) },
      { text: formatDuration(worker.killTimeoutMs) },
      { text: `+${formatDuration(worker.deadlineMs)}` },
      { text: `+${formatDuration(worker.sigkillMs)}` },
    ]),
  );
}

/** The plan of stopping the workers of `file`, ending with a newline. */
export function renderStopPlan(file: string, plan: StopPlan, paint: Paint): string {
  const steps = plan.steps.length === 1 ? '1 step' : `${plan.steps.length} steps`;
  return [
    `${paint('bold', 'Stop plan')} for ${file}`,
    `  ${steps}, worst case ${paint('bold', formatDuration(plan.worstCaseMs))}`,
    '',
    renderTable(COLUMNS, toRows(plan), paint).trimEnd(),
    '',
    'Workers in one step drain in parallel; each step starts once the one before it has ended.',
    'DEADLINE (killSignal) and SIGKILL BY count from the start of the stop, as if every earlier',
    'step had taken its full grace and kill timeout: the worst case, rarely the usual one.',
    '',
  ].join('\n');
}

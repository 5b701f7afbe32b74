// `supervisor validate` as text: "ok", where the state lives, and one line per worker.
import type { SupervisorConfig, WorkerConfig } from '../config/index.js';
import { dependenciesOf } from '../daemon/stop-plan.js';
import type { Paint } from './format-colour.js';
import { renderTable, type Cell, type Column } from './format-table.js';
import { formatDuration } from './format-values.js';

const COLUMNS: Column[] = [
  { header: 'WORKER' },
  { header: 'INSTANCES', align: 'right' },
  { header: 'GRACE', align: 'right' },
  { header: 'THEN' },
  { header: 'DRAIN' },
  { header: 'DEPENDS ON' },
];

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function toRow(worker: WorkerConfig): Cell[] {
  const dependencies = dependenciesOf(worker);
  const drain = worker.drain === 'ipc' ? 'ipc' : `signal ${worker.stopSignal}`;
  return [
    { text: worker.name, style: 'bold' },
    { text: String(worker.instances) },
    { text: formatDuration(worker.graceMs) },
    { text: `${worker.killSignal}, SIGKILL ${formatDuration(worker.killTimeoutMs)} later` },
    { text: drain },
    { text: dependencies.length > 0 ? dependencies.join(', ') : '-' },
  ];
}

/** What a valid config holds, ending with a newline. */
export function renderConfigSummary(config: SupervisorConfig, paint: Paint): string {
  const instances = config.workers.reduce((sum, worker) => sum + worker.instances, 0);
  return [
    `${paint('green', 'ok')}: ${config.file}`,
    `  ${plural(config.workers.length, 'worker')}, ${plural(instances, 'instance')}`,
    `  state directory ${config.stateDir}`,
    '',
    renderTable(COLUMNS, config.workers.map(toRow), paint),
  ].join('\n');
}

/** The same as JSON-ready data; `env` is left out, since its values may be secrets. */
export function summarizeConfig(config: SupervisorConfig): Record<string, unknown> {
  return {
    ok: true,
    file: config.file,
    stateDir: config.stateDir,
    workers: config.workers.map((worker) => ({
      name: worker.name,
      script: worker.script,
      cwd: worker.cwd,
      instances: worker.instances,
      graceMs: worker.graceMs,
      killSignal: worker.killSignal,
      killTimeoutMs: worker.killTimeoutMs,
      drain: worker.drain,
      stopSignal: worker.stopSignal,
      dependsOn: dependenciesOf(worker),
    })),
  };
}

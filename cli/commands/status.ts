// `supervisor status`: every worker instance of the running daemon, with its process figures.
import { Command } from 'commander';

import type { StatusSnapshot } from '../../daemon/index.js';
import { addDaemonOptions, NO_DAEMON_EXIT } from '../control-options.js';
import { withControlClient } from '../control-client.js';
import { createPaint } from '../format-colour.js';
import { renderStatusTable } from '../render-status-table.js';
import { resolveStateDir, type StateDirOptions } from '../state-dir.js';

interface StatusOptions extends StateDirOptions {
  json?: boolean;
}

const HELP = `
Examples:
  $ supervisor status
  $ supervisor status --json
  $ supervisor status --config deploy/app.config.json

CPU is over the last sample (100 % = one core); memory is the resident set size.

Exit codes:
  0  listed
  1  the supervisor could not be asked
  2  bad usage, or a config file that cannot be read
${NO_DAEMON_EXIT}
`;

async function runStatus(options: StatusOptions): Promise<void> {
  const stateDir = await resolveStateDir(options);
  const snapshot = await withControlClient(stateDir, (client) =>
    client.request<StatusSnapshot>('status'),
  );
  const output = options.json
    ? `${JSON.stringify(snapshot, null, 2)}\n`
    : renderStatusTable(snapshot, createPaint(process.stdout, process.env), Date.now());
  process.stdout.write(output);
}

/** The `status` command. */
export function statusCommand(): Command {
  return addDaemonOptions(
    new Command('status').description('List the running workers: pid, state, uptime, cpu, memory.'),
  )
    .option('--json', 'print JSON instead of a table')
    .addHelpText('after', HELP)
    .action((options: StatusOptions) => runStatus(options));
}

// `supervisor history`: past shutdowns, newest first, as a table or as JSON.
import { Command } from 'commander';

import { CliError, EXIT_USAGE } from '../cli-error.js';
import { addStateDirOptions } from '../control-options.js';
import { createPaint } from '../format-colour.js';
import { printHistoryStats, STATS_HELP } from '../history-stats.js';
import { parsePositiveInteger } from '../parse-positive-integer.js';
import { printLifecycle } from '../print-lifecycle.js';
import { renderHistoryTable } from '../render-history-table.js';
import { resolveStateDir } from '../state-dir.js';
import { withHistoryReader } from '../with-history-reader.js';

const DEFAULT_LIMIT = 20;

interface HistoryOptions {
  config: string;
  stateDir?: string;
  limit: number;
  json?: boolean;
  events?: boolean;
  worker?: string;
  stats?: boolean;
}

const HELP = `
Examples:
  $ supervisor history
  $ supervisor history --limit 5 --json
  $ supervisor history --state-dir /var/lib/shop/.supervisor
  $ supervisor history --events --worker web --limit 50

--events lists worker lifecycle events instead of shutdowns, newest first: spawn, ready,
ready-timeout, exit and crash (with code or signal), restart (with its delay), crash-loop and
reload. --worker keeps one worker's.

Times are local. Read-only: works with or without a running supervisor.

Exit codes:
  0  listed (an empty history prints a note, or [] with --json)
  1  no history database in the state directory, or it cannot be read
  2  bad usage, or a config file that cannot be read
`;

async function runHistory(options: HistoryOptions): Promise<void> {
  if (options.events) return printLifecycle(await resolveStateDir(options), options);
  if (options.worker !== undefined) {
    throw new CliError('--worker only applies with --events', EXIT_USAGE, 'ERR_USAGE');
  }
  const stateDir = await resolveStateDir(options);
  if (options.stats) return printHistoryStats(stateDir, options.json === true);
  const { path, shutdowns } = withHistoryReader(stateDir, (reader) => ({
    path: reader.path,
    shutdowns: reader.listShutdowns({ limit: options.limit }),
  }));
  if (options.json) {
    process.stdout.write(`${JSON.stringify(shutdowns, null, 2)}\n`);
  } else if (shutdowns.length === 0) {
    process.stdout.write(`No shutdowns recorded yet in ${path}.\n`);
  } else {
    process.stdout.write(renderHistoryTable(shutdowns, createPaint(process.stdout, process.env)));
  }
}

/** The `history` command. */
export function historyCommand(): Command {
  return addStateDirOptions(
    new Command('history').description('List past shutdowns, newest first.'),
    'history',
  )
    .option('--limit <n>', 'how many shutdowns to list', parsePositiveInteger, DEFAULT_LIMIT)
    .option('--json', 'print JSON instead of a table')
    .option('--events', 'list worker lifecycle events instead of shutdowns')
    .option('--worker <name>', "with --events: only this worker's events")
    .option('--stats', 'per worker: drain time p50/p95/max, kills, what held drains open')
    .addHelpText('after', HELP)
    .addHelpText('after', STATS_HELP)
    .action((options: HistoryOptions) => runHistory(options));
}

// `supervisor reload [name]`: a rolling, zero-downtime restart of one worker or of all of them.
import { Command } from 'commander';

import { addDaemonOptions, NO_DAEMON_EXIT } from '../control-options.js';
import { parseWorkerName } from '../parse-worker-name.js';
import { runOperation, type OperationOptions } from '../run-operation.js';

const HELP = `
Examples:
  $ supervisor reload
  $ supervisor reload web
  $ supervisor reload web --json

Each instance is replaced in turn: a new process starts and reports ready, then the old one
drains as in a stop (reason "reload"), so the worker keeps serving throughout.

Exit codes:
  0  reloaded
  1  the reload failed: a new instance was not ready (the old ones keep serving), an unknown
     worker, or a reload or restart already under way
  2  bad usage (a name that is not a worker name), or a config file that cannot be read
${NO_DAEMON_EXIT}
`;

function runReload(name: string | undefined, options: OperationOptions): Promise<void> {
  const what = `reload of ${name ?? 'every worker'}`;
  return runOperation(what, 'reload', name === undefined ? {} : { names: [name] }, options);
}

/** The `reload` command. */
export function reloadCommand(): Command {
  return addDaemonOptions(
    new Command('reload')
      .description('Restart workers one instance at a time, draining each old process.')
      .argument('[name]', 'the worker to reload (default: every worker)', parseWorkerName),
  )
    .option('--json', 'print JSON instead of text')
    .addHelpText('after', HELP)
    .action((name: string | undefined, options: OperationOptions) => runReload(name, options));
}

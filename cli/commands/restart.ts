// `supervisor restart <name>`: drains every instance of one worker, then starts it again.
import { Command } from 'commander';

import { addDaemonOptions, NO_DAEMON_EXIT } from '../control-options.js';
import { parseWorkerName } from '../parse-worker-name.js';
import { runOperation, type OperationOptions } from '../run-operation.js';

const HELP = `
Examples:
  $ supervisor restart jobs
  $ supervisor restart jobs --json

Unlike reload, restart stops the worker's instances (they drain, reason "restart") before it
starts new ones: use it for workers that must never run twice at once.

Exit codes:
  0  restarted
  1  the restart failed: the new instance was not ready, an unknown worker, or a reload or
     restart already under way
  2  bad usage (a name that is not a worker name), or a config file that cannot be read
${NO_DAEMON_EXIT}
`;

/** The `restart` command. */
export function restartCommand(): Command {
  return addDaemonOptions(
    new Command('restart')
      .description('Drain every instance of a worker, then start it again.')
      .argument('<name>', 'the worker to restart', parseWorkerName),
  )
    .option('--json', 'print JSON instead of text')
    .addHelpText('after', HELP)
    .action((name: string, options: OperationOptions) =>
      runOperation(`restart of ${name}`, 'restart', { name }, options),
    );
}

// `supervisor start <config>`: runs the supervisor in the foreground until it is stopped.
import { Command } from 'commander';

import { createLogger, runDaemon } from '../../daemon/index.js';
import { loadCliConfig } from '../load-cli-config.js';

export function startCommand(): Command {
  return new Command('start')
    .description('start the workers of a config file and supervise them in the foreground')
    .argument('<config>', 'the app config file (JSON)')
    .addHelpText(
      'after',
      '\nStops gracefully on SIGTERM or SIGINT (a second one forces it); exits 0 when every\n' +
        'worker drained cleanly, 1 otherwise.\n\nExample:\n  supervisor start app.config.json',
    )
    .action(async (file: string) => {
      const config = await loadCliConfig(file);
      const log = createLogger();
      process.exitCode = await runDaemon(config, log);
    });
}

// `supervisor start <config>`: runs the supervisor in the foreground until it is stopped.
import { Command } from 'commander';

import { ConfigError, loadConfig } from '../../config/index.js';
import { createLogger, runDaemon } from '../../daemon/index.js';
import { CliError, EXIT_USAGE } from '../cli-error.js';

async function loadOrExplain(file: string) {
  try {
    return await loadConfig(file);
  } catch (error: unknown) {
    if (error instanceof ConfigError) throw new CliError(error.message, EXIT_USAGE, error.code);
    throw error;
  }
}

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
      const config = await loadOrExplain(file);
      const log = createLogger();
      process.exitCode = await runDaemon(config, log);
    });
}

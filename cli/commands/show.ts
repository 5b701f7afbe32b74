// `supervisor show <id>`: one shutdown as a timeline, or as JSON.
import { Command } from 'commander';

import { CliError, EXIT_FAILED } from '../cli-error.js';
import { createPaint } from '../format-colour.js';
import { parsePositiveInteger } from '../parse-positive-integer.js';
import { renderShutdown } from '../render-shutdown.js';
import { DEFAULT_CONFIG_FILE, resolveStateDir } from '../state-dir.js';
import { withHistoryReader } from '../with-history-reader.js';

interface ShowOptions {
  config: string;
  stateDir?: string;
  json?: boolean;
}

const HELP = `
Examples:
  $ supervisor show 42
  $ supervisor show 42 --json
  $ supervisor show 42 --state-dir /var/lib/shop/.supervisor

Ids are listed by \`supervisor history\`. Offsets are milliseconds since the shutdown began.

Exit codes:
  0  shown
  1  no such shutdown, or no history database (or it cannot be read)
  2  bad usage (an id that is not a whole number), or a config file that cannot be read
`;

function runShow(id: number, options: ShowOptions): void {
  const stateDir = resolveStateDir(options);
  const shutdown = withHistoryReader(stateDir, (reader) => {
    const found = reader.getShutdown(id);
    if (!found) {
      const message = `no shutdown ${id} in ${reader.path} (\`supervisor history\` lists them)`;
      throw new CliError(message, EXIT_FAILED, 'ERR_NO_SHUTDOWN');
    }
    return found;
  });
  const output = options.json
    ? `${JSON.stringify(shutdown, null, 2)}\n`
    : renderShutdown(shutdown, createPaint(process.stdout, process.env));
  process.stdout.write(output);
}

/** The `show` command. */
export function showCommand(): Command {
  return new Command('show')
    .description('Show one shutdown as a timeline: every step, every worker, what was cut off.')
    .argument('<id>', 'the shutdown id, from `supervisor history`', parsePositiveInteger)
    .option('--config <file>', 'config file whose stateDir holds the history', DEFAULT_CONFIG_FILE)
    .option('--state-dir <dir>', 'state directory to read (overrides --config)')
    .option('--json', 'print JSON instead of a timeline')
    .addHelpText('after', HELP)
    .action((id: number, options: ShowOptions) => runShow(id, options));
}

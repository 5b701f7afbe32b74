// `supervisor show <id>`: one shutdown as a timeline chart, or as JSON.
import { Command } from 'commander';

import { CliError, EXIT_FAILED } from '../cli-error.js';
import { addStateDirOptions } from '../control-options.js';
import { createPaint } from '../format-colour.js';
import { parseIntegerAtLeast, parsePositiveInteger } from '../parse-positive-integer.js';
import { renderShutdown } from '../render-shutdown.js';
import { resolveStateDir } from '../state-dir.js';
import { ASCII_GLYPHS, UNICODE_GLYPHS } from '../timeline/glyphs.js';
import { withHistoryReader } from '../with-history-reader.js';

interface ShowOptions {
  config: string;
  stateDir?: string;
  json?: boolean;
  events?: boolean;
  width?: number;
  ascii?: boolean;
}

// The width of output that goes to a file or a pipe, and the least the chart is drawn in.
const DEFAULT_WIDTH = 80;
const MIN_WIDTH = 40;

const HELP = `
Examples:
  $ supervisor show 42
  $ supervisor show 42 --events
  $ supervisor show 42 --json
  $ supervisor show 42 --state-dir /var/lib/shop/.supervisor --width 120 > shutdown-42.txt

The chart has one row per worker instance on one time axis (0 = the shutdown began): a bar from
the drain being sent to the exit, marks where HTTP went idle (h), tasks finished (t), each
resource closed (r), the kill signal (K) and SIGKILL (X) were sent, and the worker's deadline
(drain sent + graceMs). Under it: what was cut off. Ids are listed by \`supervisor history\`.

On a terminal the chart uses its width, block characters and colour; written to a file or a
pipe it is ${DEFAULT_WIDTH} columns of plain ASCII. NO_COLOR turns colour off anywhere.

Exit codes:
  0  shown
  1  no such shutdown, or no history database (or it cannot be read)
  2  bad usage (an id that is not a whole number), or a config file that cannot be read
`;

async function runShow(id: number, options: ShowOptions): Promise<void> {
  const stateDir = await resolveStateDir(options);
  const shutdown = withHistoryReader(stateDir, (reader) => {
    const found = reader.getShutdown(id);
    if (!found) {
      const message = `no shutdown ${id} in ${reader.path} (\`supervisor history\` lists them)`;
      throw new CliError(message, EXIT_FAILED, 'ERR_NO_SHUTDOWN');
    }
    return found;
  });
  if (options.json) {
    process.stdout.write(`${JSON.stringify(shutdown, null, 2)}\n`);
    return;
  }
  const { stdout } = process;
  const isTerminal = stdout.isTTY && process.env.TERM !== 'dumb';
  const output = renderShutdown(shutdown, {
    paint: createPaint(stdout, process.env),
    glyphs: isTerminal && !options.ascii ? UNICODE_GLYPHS : ASCII_GLYPHS,
    width: options.width ?? (isTerminal ? stdout.columns : DEFAULT_WIDTH),
    withEvents: options.events === true,
  });
  stdout.write(output);
}

/** The `show` command. */
export function showCommand(): Command {
  return addStateDirOptions(
    new Command('show')
      .description('Show one shutdown as a timeline: every worker, its deadline, what was cut off.')
      .argument('<id>', 'the shutdown id, from `supervisor history`', parsePositiveInteger),
    'history',
  )
    .option('--events', 'also list every recorded event, worker by worker, with its offset')
    .option(
      '--width <columns>',
      'chart width (default: the terminal, else 80)',
      parseIntegerAtLeast(MIN_WIDTH),
    )
    .option('--ascii', 'draw with ASCII characters even on a terminal')
    .option('--json', 'print JSON instead of a timeline')
    .addHelpText('after', HELP)
    .action((id: number, options: ShowOptions) => runShow(id, options));
}

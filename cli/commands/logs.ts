// `supervisor logs [name]`: the captured output of one worker (or of all), its last lines and,
// with --follow, every new line as the worker prints it. Reads the files: no daemon needed.
import { existsSync, statSync } from 'node:fs';

import { Command } from 'commander';

import { CliError, EXIT_FAILED } from '../cli-error.js';
import { addStateDirOptions } from '../control-options.js';
import { createPaint } from '../format-colour.js';
import { followFile } from '../follow-file.js';
import { listLoggedWorkers, logFileOf, readLastLines } from '../log-files.js';
import { parseIntegerAtLeast } from '../parse-positive-integer.js';
import { parseWorkerName } from '../parse-worker-name.js';
import { renderLogLine, timeOfLogLine } from '../render-log-line.js';
import { resolveStateDir, type StateDirOptions } from '../state-dir.js';

interface LogsOptions extends StateDirOptions {
  follow?: boolean;
  lines: number;
  json?: boolean;
}

const DEFAULT_LINES = 20;

const HELP = `
Examples:
  $ supervisor logs web
  $ supervisor logs web --follow
  $ supervisor logs --lines 100 --json
  $ supervisor logs jobs --state-dir /var/lib/shop/.supervisor -f

Every line a worker prints on stdout or stderr is kept in <stateDir>/logs/<worker>.log as one
JSON object (time, worker, instance, pid, stream, msg). Files rotate at 10 MiB, and 5 older ones
are kept (<worker>.log.1 is the newest of them). --json prints the stored lines as they are.
Without a name, every worker's lines are merged in time order. Press Ctrl-C to stop following.

Exit codes:
  0  printed (or followed until Ctrl-C)
  1  no log file for that worker (or none at all) in the state directory
  2  bad usage, or a config file that cannot be read
`;

/**
 * The files to read. A named worker's file may be missing when following (it appears with the
 * worker's first line); otherwise there must be something to show.
 */
function filesToRead(stateDir: string, name: string | undefined, follow: boolean): string[] {
  const files = (name === undefined ? listLoggedWorkers(stateDir) : [name]).map((worker) =>
    logFileOf(stateDir, worker),
  );
  const isMissing = files.length === 0 || (!follow && !files.every((file) => existsSync(file)));
  if (isMissing) {
    const what = name === undefined ? 'no worker logs' : `no log for worker ${name}`;
    const message = `${what} in ${stateDir} (a worker's log starts with the first line it prints)`;
    throw new CliError(message, EXIT_FAILED, 'ERR_NO_LOGS');
  }
  return files;
}

/** The last lines of every file, merged by time and cut to `count`. */
function lastLines(files: string[], count: number): string[] {
  const present = files.filter((file) => existsSync(file));
  const lines = present.flatMap((file) => readLastLines(file, count));
  if (present.length === 1) return lines;
  const timed = lines.map((line) => ({ line, time: timeOfLogLine(line) }));
  // A stable sort keeps each file's own order for lines stamped in the same millisecond.
  timed.sort((a, b) => a.time - b.time);
  return timed.slice(-count).map(({ line }) => line);
}

async function runLogs(name: string | undefined, options: LogsOptions): Promise<void> {
  const stateDir = await resolveStateDir(options);
  const files = filesToRead(stateDir, name, options.follow === true);
  const paint = createPaint(process.stdout, process.env);
  const print = (line: string) =>
    process.stdout.write(options.json ? `${line}\n` : renderLogLine(line, paint));

  for (const line of lastLines(files, options.lines)) print(line);
  if (!options.follow) return;

  // Limitation: without a name, only the workers that had a log file when the command started
  // are followed; a worker that prints its first line later needs a new `logs --follow`.
  const sizeOf = (file: string) => (existsSync(file) ? statSync(file).size : 0);
  const followers = files.map((file) => followFile(file, sizeOf(file), print));
  return new Promise((resolve) => {
    process.once('SIGINT', () => {
      for (const follower of followers) follower.stop();
      resolve();
    });
  });
}

/** The `logs` command. */
export function logsCommand(): Command {
  return addStateDirOptions(
    new Command('logs')
      .description("Show a worker's captured stdout and stderr, and follow it with --follow.")
      .argument('[name]', 'the worker (default: every worker)', parseWorkerName),
    'logs',
  )
    .option('-f, --follow', 'keep printing new lines as they are written')
    .option(
      '-n, --lines <n>',
      'how many past lines to print',
      parseIntegerAtLeast(0),
      DEFAULT_LINES,
    )
    .option('--json', 'print the stored JSON lines instead of text')
    .addHelpText('after', HELP)
    .action((name: string | undefined, options: LogsOptions) => runLogs(name, options));
}

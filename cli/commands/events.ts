// `supervisor events`: recent worker lifecycle events from the history; with --follow, the live
// stream from the running daemon (state changes, drain progress, and worker output with --logs).
import { Command } from 'commander';

import type { ControlEvent, Topic } from '../../daemon/index.js';
import { addDaemonOptions, NO_DAEMON_EXIT } from '../control-options.js';
import { withControlClient } from '../control-client.js';
import { createPaint } from '../format-colour.js';
import { parsePositiveInteger } from '../parse-positive-integer.js';
import { parseWorkerName } from '../parse-worker-name.js';
import { renderEventLine } from '../render-event-line.js';
import { printLifecycle } from '../print-lifecycle.js';
import { resolveStateDir, type StateDirOptions } from '../state-dir.js';

interface EventsOptions extends StateDirOptions {
  follow?: boolean;
  logs?: boolean;
  worker?: string;
  limit: number;
  json?: boolean;
}

const DEFAULT_LIMIT = 50;

const HELP = `
Examples:
  $ supervisor events
  $ supervisor events --follow
  $ supervisor events --follow --worker web --logs --json

Without --follow: the latest worker lifecycle events recorded in the history (spawn, ready,
exit, crash, ...), newest first, as \`supervisor history --events\` lists them; works with or
without a running supervisor. With --follow: the running supervisor's events as they happen,
until it exits or you press Ctrl-C; with --json, one JSON object per line.

Exit codes:
  0  listed, or followed until the supervisor exited or Ctrl-C
  1  no history database (without --follow), or the supervisor could not be asked
  2  bad usage, or a config file that cannot be read
${NO_DAEMON_EXIT} (with --follow)
`;

async function follow(stateDir: string, options: EventsOptions): Promise<void> {
  const paint = createPaint(process.stdout, process.env);
  const print = (event: ControlEvent) =>
    process.stdout.write(
      options.json ? `${JSON.stringify(event)}\n` : renderEventLine(event, paint),
    );
  const topics: Topic[] = options.logs ? ['state', 'drain', 'logs'] : ['state', 'drain'];
  await withControlClient(stateDir, async (client) => {
    client.onEvent(print);
    await client.request('subscribe', {
      topics,
      ...(options.worker && { worker: options.worker }),
    });
    const interrupted = new Promise<void>((resolve) => process.once('SIGINT', resolve));
    await Promise.race([client.closed, interrupted]);
  });
}

async function runEvents(options: EventsOptions): Promise<void> {
  const stateDir = await resolveStateDir(options);
  if (options.follow) return follow(stateDir, options);
  printLifecycle(stateDir, options);
}

/** The `events` command. */
export function eventsCommand(): Command {
  return addDaemonOptions(
    new Command('events').description(
      'List recent worker events, or follow the running supervisor live (--follow).',
    ),
  )
    .option('-f, --follow', "stream the running supervisor's events as they happen")
    .option('--logs', 'with --follow: include every line the workers print')
    .option('--worker <name>', 'with --follow: only events of this worker', parseWorkerName)
    .option('--limit <n>', 'without --follow: how many events', parsePositiveInteger, DEFAULT_LIMIT)
    .option('--json', 'print JSON instead of text')
    .addHelpText('after', HELP)
    .action((options: EventsOptions) => runEvents(options));
}

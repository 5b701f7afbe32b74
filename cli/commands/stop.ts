// `supervisor stop`: a graceful stop of the running daemon, with live progress per worker, and
// `--plan`: how a stop would go for a config, without stopping anything.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import { Command } from 'commander';

import type { StopResult } from '../../daemon/index.js';
import { EXIT_FAILED, EXIT_OK } from '../cli-error.js';
import { addDaemonOptions, NO_DAEMON_EXIT } from '../control-options.js';
import { withControlClient, type ControlClient } from '../control-client.js';
import { createPaint } from '../format-colour.js';
import { outcomeCell } from '../format-outcome.js';
import { DEFAULT_CONFIG_FILE, resolveStateDir, type StateDirOptions } from '../state-dir.js';
import { StopProgress } from '../stop-progress.js';

/** Longer than the daemon's own wait for its workers' last output lines (2 s). */
const DAEMON_EXIT_WAIT_MS = 5_000;
const EXIT_POLL_MS = 5;

interface StopOptions extends StateDirOptions {
  plan?: boolean;
  force?: boolean;
  json?: boolean;
}

const HELP = `
Examples:
  $ supervisor stop
  $ supervisor stop --state-dir /var/lib/shop/.supervisor
  $ supervisor stop --force
  $ supervisor stop --plan --config deploy/app.config.json --json

A stop drains every worker as SIGTERM would, and shows each one's progress while it runs: its
state, the phase it reported last, requests still in flight, and the time left to its deadline.
Running it again while a stop is under way waits for that stop; --force SIGKILLs what is left.

--plan prints, without stopping anything, the order in which the workers of --config would drain:
a worker that others depend on (dependsOn) drains after them, workers in the same step drain in
parallel. Each step may take at most its slowest worker's graceMs + killTimeoutMs; the worst
case is the sum of those.

Exit codes:
  0  every worker drained cleanly (with --plan: the plan was printed)
  1  the stop was forced, or a worker crashed or was killed
  2  bad usage, or a config file that cannot be used
${NO_DAEMON_EXIT}
`;

async function stopWithProgress(client: ControlClient, options: StopOptions): Promise<StopResult> {
  const force = options.force === true;
  if (options.json) return client.request<StopResult>('stop', { force });

  // The daemon starts requests in the order they arrive, so the subscription is in place before
  // the stop begins: waiting for its reply first would only add a round trip. Both leave before
  // the output is set up (opening stdout takes milliseconds): no reply or event can arrive
  // before this function yields.
  const subscribed = client.request('subscribe', { topics: ['state', 'drain'] });
  const stopped = client.request<StopResult>('stop', { force });
  const { stdout } = process;
  const isLive = stdout.isTTY === true && process.env.TERM !== 'dumb';
  const progress = new StopProgress(stdout, createPaint(stdout, process.env), isLive);
  client.onEvent((event) => progress.apply(event));
  try {
    const [, result] = await Promise.all([subscribed, stopped]);
    return result;
  } finally {
    progress.finish();
  }
}

/** Resolves once the process is gone, or after `limitMs` (then the daemon is slow to exit). */
async function waitForExit(pid: number, limitMs: number): Promise<void> {
  const until = Date.now() + limitMs;
  while (Date.now() < until && isRunning(pid)) await sleep(EXIT_POLL_MS);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return !isZombie(pid);
}

// An exited daemon stays a zombie until its parent reaps it: a detached daemon's parent is
// init, which in some containers reaps only every second or so. A zombie has released
// everything (socket, lock, history), so it counts as gone. Linux tells by /proc; elsewhere
// signal 0 is all there is.
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

async function runStop(options: StopOptions): Promise<void> {
  if (options.plan) {
    const { printStopPlan } = await import('../print-stop-plan.js');
    await printStopPlan(options.config ?? DEFAULT_CONFIG_FILE, options.json === true);
    return;
  }
  const stateDir = await resolveStateDir(options);
  const result = await withControlClient(stateDir, (client) => stopWithProgress(client, options));
  // The daemon answers once the workers are gone, then flushes its logs and exits: `stop`
  // returns when it has, so that a `start` right after never finds it still running.
  await waitForExit(result.supervisorPid, DAEMON_EXIT_WAIT_MS);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ outcome: result.outcome })}\n`);
  } else {
    const outcome = outcomeCell(result.outcome);
    const paint = createPaint(process.stdout, process.env);
    const text = outcome.style ? paint(outcome.style, outcome.text) : outcome.text;
    process.stdout.write(`stopped: ${text} (\`supervisor history\` has its timeline)\n`);
  }
  process.exitCode = result.outcome === 'clean' ? EXIT_OK : EXIT_FAILED;
}

/** The `stop` command. */
export function stopCommand(): Command {
  return addDaemonOptions(
    new Command('stop').description(
      'Stop the running supervisor gracefully, with live progress (--plan: only show the order).',
    ),
  )
    .option('--force', 'when a stop is already under way, SIGKILL every worker still running')
    .option('--plan', 'print the drain order, deadlines and worst case of --config; stop nothing')
    .option('--json', 'print JSON instead of text (no live progress)')
    .addHelpText('after', HELP)
    .action((options: StopOptions) => runStop(options));
}

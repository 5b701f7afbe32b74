// `supervisor start <config>`: runs the supervisor in the foreground until it is stopped, or with
// --detach in the background, returning once every worker is ready or has failed.
import { Command, Option } from 'commander';

import type { SupervisorConfig } from '../../config/index.js';
import {
  ControlSocketError,
  createLogger,
  DaemonRunningError,
  runDaemon,
  StateDirUnusableError,
  StateLockError,
} from '../../daemon/index.js';
import { CliError, EXIT_FAILED } from '../cli-error.js';
import { validateSocketPath } from '../control-client.js';
import { DAEMON_CHILD_FLAG, DAEMON_LOG_FILE, detachDaemon } from '../detach-daemon.js';
import { createPaint } from '../format-colour.js';
import { loadCliConfig } from '../load-cli-config.js';
import { parsePositiveInteger } from '../parse-positive-integer.js';
import { renderStatusTable } from '../render-status-table.js';

interface StartOptions {
  detach?: boolean;
  waitMs: number;
  daemonChild?: boolean;
}

const DEFAULT_WAIT_MS = 60_000;

const HELP = `
Examples:
  $ supervisor start app.config.json
  $ supervisor start app.config.json --detach

In the foreground, SIGTERM or SIGINT (Ctrl-C) stops gracefully and a second one forces the stop;
the supervisor's log goes to stderr and each worker's output is shown prefixed "name#instance | "
(and kept in <stateDir>/logs/). With --detach it runs in the background, logging to
<stateDir>/${DAEMON_LOG_FILE}; stop it with \`supervisor stop\`.

Exit codes:
  0  foreground: every worker drained cleanly; --detach: every worker is ready
  1  foreground: a worker was killed or crashed during the stop; --detach: a worker failed to
     start; either way, the supervisor could not start (one is already running for the state
     directory, or the state directory cannot be written: read-only, not ours, full)
  2  a config file that cannot be used
`;

async function runForeground(config: SupervisorConfig, isDaemonChild: boolean): Promise<void> {
  const log = createLogger({ level: config.logLevel });
  try {
    process.exitCode = await runDaemon(config, log, { echoWorkerOutput: !isDaemonChild });
  } catch (error: unknown) {
    if (error instanceof StateLockError || error instanceof StateDirUnusableError) {
      throw new CliError(error.message, EXIT_FAILED, error.code);
    }
    if (error instanceof DaemonRunningError) {
      throw new CliError(`${error.message} (see supervisor status)`, EXIT_FAILED, error.code);
    }
    if (!(error instanceof ControlSocketError)) throw error;
    throw new CliError(error.message, EXIT_FAILED, error.code, { cause: error });
  }
}

async function runDetached(config: SupervisorConfig, waitMs: number): Promise<void> {
  const started = await detachDaemon(config, waitMs);
  const paint = createPaint(process.stdout, process.env);
  process.stdout.write(`supervisor started in the background, log ${started.logFile}\n`);
  process.stdout.write(renderStatusTable(started.snapshot, paint, Date.now()));
  const failed = started.snapshot.workers.filter((worker) => worker.state !== 'ready');
  if (failed.length > 0) {
    const names = failed.map((worker) => `${worker.worker}#${worker.instance}`).join(', ');
    throw new CliError(`not ready: ${names} (supervisor logs shows why)`, EXIT_FAILED);
  }
}

async function runStart(file: string, options: StartOptions): Promise<void> {
  const config = await loadCliConfig(file);
  validateSocketPath(config.stateDir);
  if (options.detach) await runDetached(config, options.waitMs);
  else await runForeground(config, options.daemonChild === true);
}

export function startCommand(): Command {
  return new Command('start')
    .description('Start the workers of a config file and supervise them (--detach: in background).')
    .argument('<config>', 'the app config file (JSON)')
    .option('--detach', 'run in the background; return once every worker is ready or failed')
    .option(
      '--wait-ms <ms>',
      'with --detach: how long to wait for the workers',
      parsePositiveInteger,
      DEFAULT_WAIT_MS,
    )
    .addOption(new Option(DAEMON_CHILD_FLAG, 'the detached daemon process itself').hideHelp())
    .addHelpText('after', HELP)
    .action((file: string, options: StartOptions) => runStart(file, options));
}

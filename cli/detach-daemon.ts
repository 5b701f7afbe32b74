// `supervisor start --detach`: starts the daemon as a background process of its own (its log in
// <stateDir>/supervisor.log) and waits, through the control socket, until every worker instance
// is ready or has failed.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import type { SupervisorConfig } from '../config/index.js';
import { controlSocketPath, isSocketAnswering, type StatusSnapshot } from '../daemon/index.js';
import { CliError, EXIT_FAILED } from './cli-error.js';
import { ControlClient } from './control-client.js';

export const DAEMON_LOG_FILE = 'supervisor.log';
/** The hidden flag that tells `start` it is the detached daemon itself. */
export const DAEMON_CHILD_FLAG = '--daemon-child';

const POLL_MS = 100;
const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

export interface DetachedStart {
  pid: number;
  logFile: string;
  snapshot: StatusSnapshot;
}

function startDaemonProcess(config: SupervisorConfig, logFile: string): ReturnType<typeof spawn> {
  mkdirSync(config.stateDir, { recursive: true, mode: 0o700 });
  const fd = openSync(logFile, 'a', 0o600);
  try {
    // A session of its own (detached): the terminal's Ctrl-C and hang-up never reach it.
    const child = spawn(process.execPath, [MAIN, 'start', config.file, DAEMON_CHILD_FLAG], {
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    child.unref();
    return child;
  } finally {
    closeSync(fd);
  }
}

/** True once no instance is still starting. */
function isSettled(snapshot: StatusSnapshot): boolean {
  return snapshot.workers.every((worker) => worker.state !== 'starting');
}

async function askStatus(stateDir: string): Promise<StatusSnapshot | undefined> {
  if (!(await isSocketAnswering(controlSocketPath(stateDir)))) return undefined;
  const client = await ControlClient.connect(stateDir);
  try {
    return await client.request<StatusSnapshot>('status');
  } finally {
    await client.close();
  }
}

function getExitedEarlyError(logFile: string, code: number | null): CliError {
  const message =
    `the supervisor exited during start-up (exit code ${code ?? 'none'}): ` +
    `its log ${logFile} says why`;
  return new CliError(message, EXIT_FAILED, 'ERR_DAEMON_EXITED');
}

/** Starts the daemon in the background; resolves once every instance is ready or failed. */
export async function detachDaemon(
  config: SupervisorConfig,
  waitMs: number,
): Promise<DetachedStart> {
  if (await isSocketAnswering(controlSocketPath(config.stateDir))) {
    const message = `a supervisor is already running for ${config.stateDir} (supervisor status)`;
    throw new CliError(message, EXIT_FAILED, 'ERR_DAEMON_RUNNING');
  }
  const logFile = join(config.stateDir, DAEMON_LOG_FILE);
  const child = startDaemonProcess(config, logFile);
  let exit: number | null | undefined;
  child.once('exit', (code) => (exit = code));

  const until = Date.now() + waitMs;
  while (Date.now() < until) {
    if (exit !== undefined) throw getExitedEarlyError(logFile, exit);
    const snapshot = await askStatus(config.stateDir).catch(() => undefined);
    if (snapshot && isSettled(snapshot)) return { pid: child.pid ?? 0, logFile, snapshot };
    await sleep(POLL_MS);
  }
  const message =
    `workers still starting after ${waitMs} ms; the supervisor keeps running ` +
    '(supervisor status shows them)';
  throw new CliError(message, EXIT_FAILED, 'ERR_START_TIMEOUT');
}

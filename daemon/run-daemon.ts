// The foreground daemon: what `supervisor start` runs until its workers have been stopped.
import type { SupervisorConfig } from '../config/index.js';
import { openHistory } from '../history/index.js';
import type { Logger } from './logger.js';
import type { ShutdownOutcome } from './shutdown-record.js';
import { acquireStateLock } from './state-lock.js';
import { Supervisor } from './supervisor.js';

const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;
/**
 * Under `npm start` or `npx`, a terminal's Ctrl-C reaches the supervisor twice: from the terminal
 * and forwarded by npm. Copies that close together are one request, not an order to force.
 */
const DUPLICATE_SIGNAL_MS = 300;

/** Waits for SIGTERM or SIGINT; a second one while draining forces the shutdown. */
function shutdownOnSignals(supervisor: Supervisor): Promise<ShutdownOutcome> {
  let last: { signal: string; at: number } | undefined;
  return new Promise((resolve) => {
    for (const signal of STOP_SIGNALS) {
      process.on(signal, () => {
        const now = Date.now();
        const duplicate = last?.signal === signal && now - last.at < DUPLICATE_SIGNAL_MS;
        last = { signal, at: now };
        if (!duplicate) resolve(supervisor.shutdown(signal));
      });
    }
  });
}

/** SIGHUP reloads every worker, the way `supervisor reload` does. */
function reloadOnSighup(supervisor: Supervisor, log: Logger): void {
  process.on('SIGHUP', () => {
    void supervisor.reload(undefined, 'SIGHUP').then((result) => {
      const fields = { ok: result.ok, shutdownId: result.shutdownId, replaced: result.replaced };
      if (result.ok) log.info(fields, 'reload finished');
      else log.error({ ...fields, error: result.error }, 'reload failed');
    });
  });
}

/**
 * Runs the supervisor in the foreground; resolves with the process exit code. Throws a
 * StateLockError, before starting anything, when another supervisor owns the state directory.
 */
export async function runDaemon(config: SupervisorConfig, log: Logger): Promise<number> {
  const lock = acquireStateLock(config.stateDir);
  if (lock.tookOverFrom !== undefined) {
    log.warn({ pid: lock.tookOverFrom }, 'took over the state directory of a dead supervisor');
  }
  const history = openHistory(config.stateDir, log);
  const incomplete = history.markUnfinishedIncomplete();
  if (incomplete > 0) log.warn({ count: incomplete }, 'unfinished shutdowns marked incomplete');

  const supervisor = new Supervisor(config, history, log);
  log.info({ config: config.file, stateDir: config.stateDir }, 'supervisor starting');
  // Workers in a crash loop, or waiting for a restart, leave nothing else to keep us running.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  reloadOnSighup(supervisor, log);
  supervisor.start();
  const outcome = await shutdownOnSignals(supervisor);
  clearInterval(keepAlive);
  history.close();
  lock.release();
  return outcome === 'clean' ? 0 : 1;
}

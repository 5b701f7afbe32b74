// The foreground daemon: what `supervisor start` runs until its workers have been stopped.
import type { SupervisorConfig } from '../config/index.js';
import { openHistory } from '../history/index.js';
import type { Logger } from './logger.js';
import type { ShutdownOutcome } from './shutdown-record.js';
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

/** Runs the supervisor in the foreground; resolves with the process exit code. */
export async function runDaemon(config: SupervisorConfig, log: Logger): Promise<number> {
  const history = openHistory(config.stateDir, log);
  const incomplete = history.markUnfinishedIncomplete();
  if (incomplete > 0) log.warn({ count: incomplete }, 'unfinished shutdowns marked incomplete');

  const supervisor = new Supervisor(config, history, log);
  log.info({ config: config.file, stateDir: config.stateDir }, 'supervisor starting');
  supervisor.start();
  const outcome = await shutdownOnSignals(supervisor);
  history.close();
  return outcome === 'clean' ? 0 : 1;
}

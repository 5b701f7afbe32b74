// The daemon: what `supervisor start` runs until its workers have been stopped. It serves the
// control socket from before the first worker spawns until after the last one has exited.
import type { SupervisorConfig } from '../config/index.js';
import { openHistory } from '../history/index.js';
import { ControlServer, EventHub, InstanceObserver, SupervisorTarget } from './control/index.js';
import { clearUsageHistory } from './instance-usage.js';
import type { Logger } from './logger.js';
import { setOutputSink, WorkerLogs } from './logs/index.js';
import { acquireStateLock } from './state-lock.js';
import { StopRequests } from './stop-requests.js';
import { Supervisor } from './supervisor.js';

const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;
/**
 * Under `npm start` or `npx`, a terminal's Ctrl-C reaches the supervisor twice: from the terminal
 * and forwarded by npm. Copies that close together are one request, not an order to force.
 */
const DUPLICATE_SIGNAL_MS = 300;

export interface RunDaemonOptions {
  /** Print worker output on the daemon's own stdout / stderr too (foreground runs). */
  echoWorkerOutput: boolean;
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

/** SIGTERM or SIGINT starts the shutdown; a second one while draining forces it. */
function stopOnSignals(stops: StopRequests): void {
  let last: { signal: string; at: number } | undefined;
  for (const signal of STOP_SIGNALS) {
    process.on(signal, () => {
      const now = Date.now();
      const duplicate = last?.signal === signal && now - last.at < DUPLICATE_SIGNAL_MS;
      last = { signal, at: now };
      if (!duplicate) void stops.request({ trigger: signal, force: true });
    });
  }
}

/**
 * Runs the supervisor until it has been stopped; resolves with the process exit code. Throws a
 * StateLockError, before starting anything, when another supervisor owns the state directory.
 */
export async function runDaemon(
  config: SupervisorConfig,
  log: Logger,
  options: RunDaemonOptions = { echoWorkerOutput: true },
): Promise<number> {
  const { stateDir } = config;
  const lock = acquireStateLock(stateDir);
  if (lock.tookOverFrom !== undefined) {
    log.warn({ pid: lock.tookOverFrom }, 'took over the state directory of a dead supervisor');
  }
  const hub = new EventHub();
  const emit = hub.emit.bind(hub);
  const history = openHistory(stateDir, log);
  const supervisor = new Supervisor(config, history, log);
  const stops = new StopRequests(supervisor, emit);
  const observer = new InstanceObserver(emit);
  const daemon = { pid: process.pid, startedAt: Date.now(), config: config.file, stateDir };
  const target = new SupervisorTarget({ supervisor, stops, hub, observer, daemon });
  const control = await ControlServer.listen({ stateDir, target, log }).catch((error: unknown) => {
    history.close();
    lock.release();
    throw error;
  });

  // Only now, owning the state directory: another live supervisor's shutdowns are not unfinished.
  const incomplete = history.markUnfinishedIncomplete();
  if (incomplete > 0) log.warn({ count: incomplete }, 'unfinished shutdowns marked incomplete');
  const logs = new WorkerLogs({
    stateDir,
    log,
    echo: options.echoWorkerOutput,
    onLine: (line, at) => emit({ type: 'log', at, ...line }),
  });
  const restoreSink = setOutputSink(logs);

  log.info({ config: config.file, stateDir, socket: control.socketPath }, 'supervisor starting');
  stopOnSignals(stops);
  reloadOnSighup(supervisor, log);
  supervisor.onSpawn((instance) => observer.watch(instance));
  supervisor.start();
  const outcome = await stops.finished;

  await logs.close();
  restoreSink();
  await control.close();
  clearUsageHistory();
  history.close();
  lock.release();
  return outcome === 'clean' ? 0 : 1;
}

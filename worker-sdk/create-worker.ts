// createWorker(): one drain coordinator per process, wired to every way a drain can start —
// the supervisor's drain message, the supervisor going away, or a signal when standalone.
import { heartbeatIntervalFromEnvironment, startHeartbeat } from './heartbeat.js';
import { endOwnProcessGroup } from './process-group.js';
import type { DrainReport } from './protocol.js';
import { isSupervised, SupervisorChannel } from './supervisor-channel.js';
import { validateTimeout } from './validate.js';
import { Worker, type WorkerTransport } from './worker.js';

/** Receives the SDK's few log lines; pino's logger fits, and the default prints JSON lines. */
export interface WorkerLogger {
  info(fields: Record<string, unknown>, msg: string): void;
}

export interface WorkerOptions {
  /** Grace for drains not started by the supervisor; default SUPERVISOR_GRACE_MS, else 30000. */
  graceMs?: number;
  /** Exit once drained (default true): 0 under a supervisor, else 0 only if the drain was clean. */
  exitOnDrained?: boolean;
  /** Signals that start a drain; default SIGTERM and SIGINT. */
  signals?: NodeJS.Signals[];
  /** Where the report goes when no supervisor receives it; default one JSON line on stdout. */
  logger?: WorkerLogger;
}

const DEFAULT_GRACE_MS = 30_000;
let current: Worker | undefined;

const jsonLineLogger: WorkerLogger = {
  info(fields, msg) {
    const line = JSON.stringify({ level: 'info', time: Date.now(), msg, ...fields });
    process.stdout.write(`${line}\n`);
  },
};

function graceFromEnvironment(): number {
  const value = Number(process.env.SUPERVISOR_GRACE_MS);
  return Number.isInteger(value) && value >= 0 ? value : DEFAULT_GRACE_MS;
}

/** Waits for stdout to take the last line: a pipe is asynchronous and exit would cut it. */
function flushStdout(): Promise<void> {
  return new Promise((resolve) => process.stdout.write('', () => resolve()));
}

/**
 * The supervisor reads a worker's stdout and stderr through pipes. Once it has died, a write
 * fails with EPIPE, and an unhandled stream error would end the worker in the middle of its
 * drain: such writes are dropped instead.
 */
function ignoreDeadOutputPipes(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
}

function makeOnDrained(options: WorkerOptions, transport: WorkerTransport) {
  const logger = options.logger ?? jsonLineLogger;
  return async (report: DrainReport): Promise<void> => {
    const delivered = transport.connected;
    const orphaned = !delivered && isSupervised();
    if (!delivered) logger.info({ report }, 'drained');
    if (options.exitOnDrained === false) return;
    // Orphaned by a supervisor that died: nobody reads this worker's output any more, and
    // nobody else will stop what it spawned.
    if (orphaned) endOwnProcessGroup();
    else await flushStdout();
    // Under a supervisor the report carries the verdict; alone, the exit code has to.
    process.exit(delivered || report.clean ? 0 : 1);
  };
}

/**
 * Returns this process's drain coordinator, creating it on the first call. Later calls return
 * the same worker and must not pass options.
 *
 * @example
 * const worker = createWorker();
 * worker.trackServer(server);
 * worker.addTask('outbox', (signal) => pollOutbox(signal));
 * worker.addResource('db', () => pool.end());
 * worker.ready();
 */
export function createWorker(options?: WorkerOptions): Worker {
  if (current) {
    if (options) throw new TypeError('createWorker() options can only be given on the first call');
    return current;
  }
  const graceMs = options?.graceMs ?? graceFromEnvironment();
  validateTimeout('graceMs', graceMs);

  // The channel's handlers run only once messages arrive, after `worker` exists.
  const channel = new SupervisorChannel({
    onDrain: (message) => void worker.drain(message),
    onDisconnect: () => {
      if (isSupervised()) ignoreDeadOutputPipes();
      void worker.drain({ reason: 'shutdown' });
    },
    onInvalidMessage: (problem) =>
      process.emitWarning(`ignored a supervisor message: ${problem}`, {
        code: 'SUPERVISOR_INVALID_MESSAGE',
      }),
  });
  const heartbeatMs = heartbeatIntervalFromEnvironment();
  if (heartbeatMs !== undefined && channel.connected) startHeartbeat(channel, heartbeatMs);
  const onDrained = makeOnDrained(options ?? {}, channel);
  const worker = new Worker({ graceMs, transport: channel, onDrained });
  for (const signal of options?.signals ?? ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => void worker.drain({ reason: 'shutdown' }));
  }
  current = worker;
  return worker;
}

export { isSupervised };

// One shutdown — or reload, or graceful restart — recorded before anything else happens.
// Instances drain in the steps of the stop plan (a worker that others depend on after them),
// in parallel within a step, so one stuck or dead worker never stalls the others of its step.
import { setMaxListeners } from 'node:events';

import type { HistoryWriter } from '../history/index.js';
import type { DrainReason } from '../worker-sdk/protocol.js';
import type { Logger } from './logger.js';
import { ShutdownRecord, type ShutdownOutcome, type StopOutcome } from './shutdown-record.js';
import { stopInstance } from './stop-instance.js';
import { planStop } from './stop-plan.js';
import type { WorkerInstance } from './worker-instance.js';

export interface ShutdownOptions {
  reason: DrainReason;
  /** What started it: a signal name, `cli`, `heartbeat-timeout`, … */
  trigger: string;
}

/** forced beats crashed beats clean: the worst thing that happened names the shutdown. */
export function shutdownOutcome(stops: StopOutcome[]): ShutdownOutcome {
  if (stops.includes('killed')) return 'forced';
  if (stops.includes('crashed')) return 'crashed';
  return 'clean';
}

export class Shutdown {
  readonly record: ShutdownRecord;
  readonly reason: DrainReason;
  readonly #force = new AbortController();
  readonly #log: Logger;
  readonly #stops: StopOutcome[] = [];
  #finished: ShutdownOutcome | undefined;
  #onSettled: () => void = () => undefined;
  /** Resolves once the shutdown has been closed with its outcome. */
  readonly settled = new Promise<void>((resolve) => (this.#onSettled = resolve));

  constructor(history: HistoryWriter, log: Logger, options: ShutdownOptions) {
    this.record = new ShutdownRecord(history, options.reason, options.trigger);
    this.reason = options.reason;
    // Each instance stopped in parallel listens for the force: as many listeners as instances,
    // which is no leak, and Node's warning past 10 would reach the operator's terminal.
    setMaxListeners(Infinity, this.#force.signal);
    this.#log = log.child({ shutdownId: this.record.shutdownId });
    this.record.event('shutdown-started', { reason: options.reason, trigger: options.trigger });
    this.#log.info({ reason: options.reason, trigger: options.trigger }, 'shutdown started');
  }

  get log(): Logger {
    return this.#log;
  }

  /** Stops the given instances step by step, then closes the shutdown with its outcome. */
  async run(instances: WorkerInstance[]): Promise<ShutdownOutcome> {
    const running = instances.filter((instance) => instance.isRunning);
    const configs = [...new Set(running.map((instance) => instance.config))];
    for (const step of planStop(configs).steps) {
      const names = new Set(step.workers.map((worker) => worker.name));
      await this.stopAll(running.filter((instance) => names.has(instance.config.name)));
    }
    return this.finish();
  }

  /** Stops instances in parallel, within this shutdown; resolves once all have exited. */
  async stopAll(instances: WorkerInstance[]): Promise<StopOutcome[]> {
    const running = instances.filter((instance) => instance.isRunning);
    const stops = await Promise.all(running.map((instance) => this.#stop(instance)));
    this.#stops.push(...stops);
    return stops;
  }

  /** Closes the record: `failed` when a replacement never became ready, else by the stops. */
  finish(failed = false): ShutdownOutcome {
    if (this.#finished) return this.#finished;
    const outcome = failed ? 'failed' : shutdownOutcome(this.#stops);
    const durationMs = Date.now() - this.record.startedAt;
    this.record.event('shutdown-finished', { outcome, durationMs });
    this.record.finish(outcome);
    this.#log.info({ outcome, durationMs, reason: this.reason }, 'shutdown finished');
    this.#finished = outcome;
    this.#onSettled();
    return outcome;
  }

  /** SIGKILLs every instance still running; the history says who insisted. */
  force(trigger: string): void {
    if (this.#force.signal.aborted || this.#finished) return;
    this.record.event('forced', { trigger });
    this.#log.warn({ trigger }, 'shutdown forced');
    this.#force.abort();
  }

  #stop(instance: WorkerInstance): Promise<StopOutcome> {
    return stopInstance(instance, {
      shutdownId: this.record.shutdownId,
      reason: this.reason,
      recorder: this.record.stop(instance),
      force: this.#force.signal,
    });
  }
}

// One shutdown of every running instance: recorded before anything else happens, instances
// stopped in parallel (one stuck or dead worker never stalls the others), forced on demand.
import type { HistoryWriter } from '../history/index.js';
import type { DrainReason } from '../worker-sdk/protocol.js';
import type { Logger } from './logger.js';
import { ShutdownRecord, type ShutdownOutcome, type StopOutcome } from './shutdown-record.js';
import { stopInstance } from './stop-instance.js';
import type { WorkerInstance } from './worker-instance.js';

export interface ShutdownOptions {
  reason: DrainReason;
  /** What started it: a signal name, `cli`, … */
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
  readonly #force = new AbortController();
  readonly #log: Logger;
  readonly #reason: DrainReason;

  constructor(history: HistoryWriter, log: Logger, options: ShutdownOptions) {
    this.record = new ShutdownRecord(history, options.reason, options.trigger);
    this.#reason = options.reason;
    this.#log = log.child({ shutdownId: this.record.shutdownId });
    this.record.event('shutdown-started', { reason: options.reason, trigger: options.trigger });
    this.#log.info({ reason: options.reason, trigger: options.trigger }, 'shutdown started');
  }

  /** Stops the given instances; resolves with the shutdown's outcome once all have exited. */
  async run(instances: WorkerInstance[]): Promise<ShutdownOutcome> {
    const running = instances.filter((instance) => instance.isRunning);
    const stops = await Promise.all(running.map((instance) => this.#stop(instance)));
    const outcome = shutdownOutcome(stops);
    const durationMs = Date.now() - this.record.startedAt;
    this.record.event('shutdown-finished', { outcome, durationMs });
    this.record.finish(outcome);
    this.#log.info({ outcome, durationMs }, 'shutdown finished');
    return outcome;
  }

  /** SIGKILLs every instance still running; the history says who insisted. */
  force(trigger: string): void {
    if (this.#force.signal.aborted) return;
    this.record.event('forced', { trigger });
    this.#log.warn({ trigger }, 'shutdown forced');
    this.#force.abort();
  }

  #stop(instance: WorkerInstance): Promise<StopOutcome> {
    return stopInstance(instance, {
      shutdownId: this.record.shutdownId,
      reason: this.#reason,
      recorder: this.record.stop(instance),
      force: this.#force.signal,
    });
  }
}

// The supervisor: starts every configured instance in dependency order, keeps them running
// (restarts, hung and bloated workers), replaces them on request (reload, restart) and runs the
// shutdown. Every way an instance is stopped goes through a Shutdown and its drain.
import type { SupervisorConfig, WorkerConfig } from '../config/index.js';
import type { EventDetail, HistoryWriter, LifecycleKind } from '../history/index.js';
import type { DrainReason } from '../worker-sdk/protocol.js';
import type { Logger } from './logger.js';
import { refused, type ReplaceResult } from './replace-result.js';
import { reloadSlots, restartSlots } from './replace-slots.js';
import { Shutdown } from './shutdown.js';
import type { ShutdownOutcome } from './shutdown-record.js';
import type { WorkerInstance } from './worker-instance.js';
import { WorkerSlot, type SlotHost } from './worker-slot.js';

export class Supervisor {
  readonly #config: SupervisorConfig;
  readonly #history: HistoryWriter;
  readonly #log: Logger;
  readonly #slots = new Map<string, WorkerSlot[]>();
  /** Reloads, restarts and stops of single instances under way: a forced shutdown forces them. */
  readonly #side = new Set<Shutdown>();
  #shutdown: { shutdown: Shutdown; done: Promise<ShutdownOutcome> } | undefined;
  readonly #spawnListeners: ((instance: WorkerInstance) => void)[] = [];
  #onStopping: () => void = () => undefined;
  readonly #stopping = new Promise<void>((resolve) => (this.#onStopping = resolve));

  constructor(config: SupervisorConfig, history: HistoryWriter, log: Logger) {
    this.#config = config;
    this.#history = history;
    this.#log = log;
    const host = this.#slotHost();
    for (const worker of config.workers) {
      const slots = Array.from({ length: worker.instances }, (_, i) => i);
      this.#slots.set(
        worker.name,
        slots.map((i) => new WorkerSlot(worker, i, host, log)),
      );
    }
  }

  /** Every running process, including replacements still starting. */
  get instances(): WorkerInstance[] {
    return this.#allSlots().flatMap((slot) => slot.liveInstances);
  }

  /** The slots of every worker, in config order: what a status listing shows. */
  get slots(): WorkerSlot[] {
    return this.#allSlots();
  }

  /** Calls `listener` with every instance spawned from now on: restarts and reloads too. */
  onSpawn(listener: (instance: WorkerInstance) => void): void {
    this.#spawnListeners.push(listener);
  }

  /**
   * Each slot's instance (a crashed or crash-looping one included) and any replacement still
   * starting, with the slot's restart count: the rows of `supervisor status`.
   */
  statusRows(): { instance: WorkerInstance; restarts: number }[] {
    return this.#allSlots().flatMap((slot) => {
      const shown = new Set([...(slot.current ? [slot.current] : []), ...slot.liveInstances]);
      return [...shown].map((instance) => ({ instance, restarts: slot.restarts }));
    });
  }

  /** Starts each worker once every instance of the workers it depends on is ready. */
  start(): void {
    for (const worker of this.#config.workers) void this.#startAfterDependencies(worker);
  }

  // Limitation: a reload also starts instances of a worker still waiting for its dependencies,
  // skipping the wait; it matters only when a reload is asked for during start-up.
  /**
   * Rolling reload of the named workers (all when none are named): for each instance, a new one
   * is started and, once ready, the old one drained with reason `reload`. The first new instance
   * that is not ready stops the reload; the old instances not yet replaced keep serving.
   */
  reload(names: readonly string[] | undefined, trigger: string): Promise<ReplaceResult> {
    const targets = this.#targets(names ?? this.#config.workers.map((worker) => worker.name));
    if (!Array.isArray(targets)) return Promise.resolve(targets);
    return this.#replace('reload', trigger, (shutdown) => reloadSlots(shutdown, targets));
  }

  /** Restarts every instance of a worker, one at a time: drained first, then started again. */
  restart(name: string, trigger: string): Promise<ReplaceResult> {
    const targets = this.#targets([name]);
    if (!Array.isArray(targets)) return Promise.resolve(targets);
    return this.#replace('restart', trigger, (shutdown) => restartSlots(shutdown, targets.flat()));
  }

  /**
   * Starts the shutdown, or (when one is already under way) forces it: a second SIGTERM or
   * SIGINT means the operator will not wait any longer.
   */
  shutdown(trigger: string): Promise<ShutdownOutcome> {
    if (this.#shutdown) {
      this.#shutdown.shutdown.force(trigger);
      for (const side of this.#side) side.force(trigger);
      return this.#shutdown.done;
    }
    const shutdown = new Shutdown(this.#history, this.#log, { reason: 'shutdown', trigger });
    this.#onStopping();
    for (const slot of this.#allSlots()) slot.cancelPendingRestart();
    // Instances already draining (a restart, a reload) finish under their own entry.
    const live = this.instances.filter((instance) => instance.state !== 'draining');
    const done = shutdown.run(live).then(async (outcome) => {
      await Promise.all([...this.#side].map((side) => side.settled));
      return outcome;
    });
    this.#shutdown = { shutdown, done };
    return done;
  }

  get #isStopping(): boolean {
    return this.#shutdown !== undefined;
  }

  #allSlots(): WorkerSlot[] {
    return [...this.#slots.values()].flat();
  }

  async #startAfterDependencies(worker: WorkerConfig): Promise<void> {
    const needed = worker.dependsOn.flatMap((name) => this.#slots.get(name) ?? []);
    if (needed.length > 0) {
      this.#log.info(
        { worker: worker.name, dependsOn: worker.dependsOn },
        'waiting for dependencies',
      );
      await Promise.race([Promise.all(needed.map((slot) => slot.whenFirstReady)), this.#stopping]);
    }
    if (this.#isStopping) return;
    for (const slot of this.#slots.get(worker.name) ?? []) void slot.start();
  }

  /** The slots of the named workers, worker by worker, or why the request is refused. */
  #targets(names: readonly string[]): WorkerSlot[][] | ReplaceResult {
    if (this.#isStopping) return refused('ERR_SHUTTING_DOWN', 'the supervisor is shutting down');
    const unknown = names.filter((name) => !this.#slots.has(name));
    if (unknown.length > 0) {
      return refused(
        'ERR_UNKNOWN_WORKER',
        `no worker named ${unknown.map((n) => `"${n}"`).join(', ')}`,
      );
    }
    const targets = names.map((name) => this.#slots.get(name) ?? []);
    if (targets.flat().some((slot) => slot.isBusy)) {
      return refused('ERR_BUSY', 'a reload or restart of these workers is already under way');
    }
    return targets;
  }

  /** Runs a reload, restart or single stop in a history entry of its own, forced with ours. */
  async #replace<T>(
    reason: DrainReason,
    trigger: string,
    run: (shutdown: Shutdown) => Promise<T>,
  ): Promise<T> {
    const shutdown = new Shutdown(this.#history, this.#log, { reason, trigger });
    this.#side.add(shutdown);
    try {
      return await run(shutdown);
    } finally {
      this.#side.delete(shutdown);
    }
  }

  #slotHost(): SlotHost {
    return {
      isStopping: () => this.#isStopping,
      lifecycle: (instance, kind, detail) => this.#lifecycle(instance, kind, detail),
      spawned: (instance) => {
        for (const listener of this.#spawnListeners) listener(instance);
      },
      restartLive: (instance, reason, trigger, why) =>
        void this.#restartLive(instance, reason, trigger, why),
      stopNotReady: async (instance) => {
        await this.#replace('restart', 'ready-timeout', (shutdown) => shutdown.run([instance]));
      },
    };
  }

  /** A hung or bloated instance: drained, then replaced, in a history entry of its own. */
  async #restartLive(
    instance: WorkerInstance,
    reason: DrainReason,
    trigger: string,
    why: EventDetail,
  ): Promise<void> {
    const slot = (this.#slots.get(instance.config.name) ?? [])[instance.index];
    if (this.#isStopping || !slot || slot.isBusy || slot.current !== instance) return;
    instance.log.warn({ reason, ...why }, 'restarting worker');
    await this.#replace(reason, trigger, (shutdown) => {
      this.#lifecycle(instance, 'restart', {
        reason,
        shutdownId: shutdown.record.shutdownId,
        ...why,
      });
      return restartSlots(shutdown, [slot]);
    });
  }

  #lifecycle(instance: WorkerInstance, kind: LifecycleKind, detail?: EventDetail): void {
    this.#history.recordLifecycle({
      at: Date.now(),
      worker: instance.config.name,
      instance: instance.index,
      ...(instance.pid === undefined ? {} : { pid: instance.pid }),
      kind,
      detail,
    });
  }
}

// One instance slot of a configured worker (`web#2`): the process that fills it now, the one
// replacing it during a reload, and what happens when either exits — a restart after its
// backoff delay, or a crash loop. Graceful replacements (reload, restart) run through here too.
import type { WorkerConfig } from '../config/index.js';
import type { EventDetail, LifecycleKind } from '../history/index.js';
import type { DrainReason } from '../worker-sdk/protocol.js';
import { watchHeartbeats } from './heartbeat-watch.js';
import type { Logger } from './logger.js';
import { watchMemory } from './memory-watch.js';
import { RestartPolicy } from './restart-policy.js';
import type { Shutdown } from './shutdown.js';
import { waitReady, type ReadyResult } from './wait-ready.js';
import { WorkerInstance, type ExitInfo } from './worker-instance.js';

/** What a slot needs of the supervisor that owns it. */
export interface SlotHost {
  /** True once the supervisor's shutdown began: from then on nothing is started again. */
  isStopping(): boolean;
  lifecycle(instance: WorkerInstance, kind: LifecycleKind, detail?: EventDetail): void;
  /** Told of every process the slot spawns, before it can have sent anything. */
  spawned(instance: WorkerInstance): void;
  /** Drains a live instance and starts a new one, in a history entry of its own. */
  restartLive(
    instance: WorkerInstance,
    reason: DrainReason,
    trigger: string,
    why: EventDetail,
  ): void;
  /** Stops an instance that was not ready in time, in a history entry of its own. */
  stopNotReady(instance: WorkerInstance): Promise<void>;
}

export class WorkerSlot {
  readonly config: WorkerConfig;
  readonly index: number;
  readonly #host: SlotHost;
  readonly #log: Logger;
  #policy: RestartPolicy;
  #current: WorkerInstance | undefined;
  #replacement: WorkerInstance | undefined;
  #restartTimer: NodeJS.Timeout | undefined;
  #busy = false;
  #spawns = 0;
  #warnedUnaskedReport = false;
  #markFirstReady: () => void = () => undefined;
  readonly whenFirstReady: Promise<void>;

  constructor(config: WorkerConfig, index: number, host: SlotHost, log: Logger) {
    this.config = config;
    this.index = index;
    this.#host = host;
    this.#log = log;
    this.#policy = new RestartPolicy(config);
    this.whenFirstReady = new Promise((resolve) => (this.#markFirstReady = resolve));
  }

  get current(): WorkerInstance | undefined {
    return this.#current;
  }

  /** How many processes this slot has started after its first one: restarts and reloads. */
  get restarts(): number {
    return Math.max(0, this.#spawns - 1);
  }

  /** True while a reload or restart is replacing this slot's instance. */
  get isBusy(): boolean {
    return this.#busy;
  }

  /** Every process of this slot that is still running: the current one and any replacement. */
  get liveInstances(): WorkerInstance[] {
    return [this.#current, this.#replacement].filter(
      (instance): instance is WorkerInstance => instance?.isRunning === true,
    );
  }

  /** Starts the slot's instance and waits for it to be ready, or to fail to start. */
  async start(): Promise<ReadyResult> {
    const instance = this.#spawn();
    this.#current = instance;
    const result = await waitReady(instance);
    if (result === 'ready') this.#markReady(instance);
    if (result === 'timeout') await this.#stopNotReady(instance);
    return result;
  }

  /** Forgets a restart waiting for its delay (a shutdown, or a replacement coming). */
  cancelPendingRestart(): void {
    clearTimeout(this.#restartTimer);
    this.#restartTimer = undefined;
  }

  /** Reload: a new instance first, the old one drained once the new one is ready. */
  async replaceStartFirst(shutdown: Shutdown): Promise<boolean> {
    return this.#whileBusy(async () => {
      const old = this.#current;
      const fresh = this.#spawn();
      this.#replacement = fresh;
      shutdown.record.instanceEvent(fresh, 'spawned', { pid: fresh.pid, replaces: old?.pid });
      const result = await waitReady(fresh);
      this.#replacement = undefined;
      // A shutdown that began meanwhile stops every live instance, this one included.
      if (this.#host.isStopping()) return false;
      if (result !== 'ready') {
        shutdown.record.instanceEvent(fresh, 'not-ready', { result });
        if (fresh.isRunning) await shutdown.stopAll([fresh]);
        if (old && !old.isRunning) this.#afterExit(old, true);
        return false;
      }
      this.#current = fresh;
      this.#policy = new RestartPolicy(this.config);
      this.#markReady(fresh);
      shutdown.record.instanceEvent(fresh, 'ready');
      this.#host.lifecycle(fresh, 'reload', {
        replaced: old?.pid,
        shutdownId: shutdown.record.shutdownId,
      });
      if (old?.isRunning) await shutdown.stopAll([old]);
      return true;
    });
  }

  /** Restart: the live instance drained first, then a new one started in its place. */
  async replaceDrainFirst(shutdown: Shutdown): Promise<boolean> {
    return this.#whileBusy(async () => {
      const old = this.#current;
      if (old?.isRunning) await shutdown.stopAll([old]);
      if (this.#host.isStopping()) return false;
      const fresh = this.#spawn();
      this.#current = fresh;
      shutdown.record.instanceEvent(fresh, 'spawned', { pid: fresh.pid, replaces: old?.pid });
      const result = await waitReady(fresh);
      if (result === 'ready') {
        this.#markReady(fresh);
        shutdown.record.instanceEvent(fresh, 'ready');
        return true;
      }
      shutdown.record.instanceEvent(fresh, 'not-ready', { result });
      if (result === 'timeout') await this.#stopNotReady(fresh);
      return false;
    });
  }

  async #whileBusy(replace: () => Promise<boolean>): Promise<boolean> {
    this.#busy = true;
    this.cancelPendingRestart();
    try {
      return await replace();
    } finally {
      this.#busy = false;
    }
  }

  #spawn(): WorkerInstance {
    const instance = new WorkerInstance(this.config, this.index, this.#log);
    instance.on('exit', (exit) => this.#onExit(instance, exit));
    instance.on('message', (message) => {
      // Logged once per slot: a worker sending them in a loop must not flood the log.
      if (message.type !== 'drained' || instance.state === 'draining') return;
      if (this.#warnedUnaskedReport) return;
      this.#warnedUnaskedReport = true;
      instance.log.warn('drained report from a worker that was not asked to drain; ignored');
    });
    instance.spawn();
    this.#spawns += 1;
    this.#host.spawned(instance);
    this.#host.lifecycle(instance, 'spawn', { script: this.config.script, mode: this.config.mode });
    return instance;
  }

  #markReady(instance: WorkerInstance): void {
    instance.setState('ready', 'worker reported ready');
    this.#host.lifecycle(instance, 'ready', { startupMs: instance.uptimeMs });
    instance.log.info('worker ready');
    this.#markFirstReady();
    watchHeartbeats(instance, (silentMs) =>
      this.#host.restartLive(instance, 'unresponsive', 'heartbeat-timeout', { silentMs }),
    );
    watchMemory(instance, (memoryMb) =>
      this.#host.restartLive(instance, 'memory-limit', 'memory-limit', { memoryMb }),
    );
  }

  /** A start that missed readyTimeoutMs: stopped the graceful way, and counted as failed. */
  async #stopNotReady(instance: WorkerInstance): Promise<void> {
    if (this.#host.isStopping()) return;
    const { readyTimeoutMs } = this.config;
    this.#host.lifecycle(instance, 'ready-timeout', { readyTimeoutMs });
    instance.log.warn({ readyTimeoutMs }, 'worker not ready in time');
    await this.#host.stopNotReady(instance);
    if (instance === this.#current) this.#afterExit(instance, true);
  }

  /** Exits during a stop belong to the stop; any other exit is the worker's own doing. */
  #onExit(instance: WorkerInstance, exit: ExitInfo): void {
    if (instance.state === 'draining') return;
    // Exiting before ready, even with code 0, is a failed start.
    const failed = exit.code !== 0 || instance.state === 'starting';
    instance.setState(failed ? 'crashed' : 'exited', 'exited on its own');
    const detail = { code: exit.code, signal: exit.signal, uptimeMs: instance.uptimeMs };
    this.#host.lifecycle(instance, failed ? 'crash' : 'exit', detail);
    instance.log.warn(detail, 'worker exited unexpectedly');
    // A replacement that died while starting is its reload's business, and a replacement on
    // its way takes the place of a current instance that died meanwhile.
    if (instance === this.#current && !this.#replacement) this.#afterExit(instance, failed);
  }

  #afterExit(instance: WorkerInstance, failed: boolean): void {
    if (this.#host.isStopping()) return;
    const decision = this.#policy.next(failed, instance.uptimeMs);
    if (decision.restart) {
      this.#scheduleRestart(instance, decision.delayMs, decision.attempt);
    } else if (decision.why === 'crash-loop') {
      const detail = {
        restarts: decision.restartsInWindow,
        restartWindowMs: this.config.restartWindowMs,
      };
      instance.setState('crash-loop', 'too many restarts');
      this.#host.lifecycle(instance, 'crash-loop', detail);
      instance.log.error(detail, 'worker in crash loop; not restarting');
    }
  }

  #scheduleRestart(instance: WorkerInstance, delayMs: number, attempt: number): void {
    instance.setState('restarting', `restart in ${delayMs} ms`);
    this.#host.lifecycle(instance, 'restart', { delayMs, attempt });
    instance.log.info({ delayMs, attempt }, 'worker restarting');
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = undefined;
      if (!this.#host.isStopping()) void this.start();
    }, delayMs);
  }
}

// The supervisor: starts every configured instance, watches them, and runs the shutdown.
import type { SupervisorConfig } from '../config/index.js';
import type { EventDetail, HistoryWriter, LifecycleKind } from '../history/index.js';
import type { WorkerMessage } from '../worker-sdk/protocol.js';
import { sampleInstances, type InstanceUsage } from './instance-usage.js';
import type { Logger } from './logger.js';
import { Shutdown } from './shutdown.js';
import type { ShutdownOutcome } from './shutdown-record.js';
import { WorkerInstance, type ExitInfo } from './worker-instance.js';

export class Supervisor {
  readonly #config: SupervisorConfig;
  readonly #history: HistoryWriter;
  readonly #log: Logger;
  readonly #instances: WorkerInstance[] = [];
  #shutdown: { shutdown: Shutdown; done: Promise<ShutdownOutcome> } | undefined;

  constructor(config: SupervisorConfig, history: HistoryWriter, log: Logger) {
    this.#config = config;
    this.#history = history;
    this.#log = log;
  }

  get instances(): readonly WorkerInstance[] {
    return this.#instances;
  }

  /** Each instance's state and process figures, for `supervisor status`. */
  statusSnapshot(): Promise<InstanceUsage[]> {
    return sampleInstances(this.#instances);
  }

  start(): void {
    for (const worker of this.#config.workers) {
      for (let index = 0; index < worker.instances; index += 1) {
        const instance = new WorkerInstance(worker, index, this.#log);
        this.#watch(instance);
        this.#instances.push(instance);
        this.#spawn(instance);
      }
    }
  }

  /**
   * Starts the shutdown, or — when one is already under way — forces it: a second SIGTERM or
   * SIGINT means the operator will not wait any longer.
   */
  shutdown(trigger: string): Promise<ShutdownOutcome> {
    if (this.#shutdown) {
      this.#shutdown.shutdown.force(trigger);
      return this.#shutdown.done;
    }
    const shutdown = new Shutdown(this.#history, this.#log, { reason: 'shutdown', trigger });
    const done = shutdown.run(this.#instances);
    this.#shutdown = { shutdown, done };
    return done;
  }

  #spawn(instance: WorkerInstance): void {
    instance.spawn();
    this.#lifecycle(instance, 'spawn', { script: instance.config.script });
    // Without the SDK nothing will say "ready": being alive is all we can know.
    if (instance.config.drain === 'signal') this.#markReady(instance);
  }

  #watch(instance: WorkerInstance): void {
    instance.on('message', (message) => this.#onMessage(instance, message));
    instance.on('exit', (exit) => this.#onExit(instance, exit));
  }

  #onMessage(instance: WorkerInstance, message: WorkerMessage): void {
    if (message.type === 'ready' && instance.state === 'starting') this.#markReady(instance);
    if (message.type === 'drained' && instance.state !== 'draining') {
      instance.log.warn('drained report from a worker that was not asked to drain; ignored');
    }
  }

  #markReady(instance: WorkerInstance): void {
    instance.setState('ready', 'worker reported ready');
    this.#lifecycle(instance, 'ready');
    instance.log.info('worker ready');
  }

  /** Exits during a stop belong to the stop; any other exit is the worker's own doing. */
  #onExit(instance: WorkerInstance, exit: ExitInfo): void {
    if (instance.state === 'draining') return;
    const clean = exit.code === 0;
    instance.setState(clean ? 'exited' : 'crashed', 'exited on its own');
    this.#lifecycle(instance, clean ? 'exit' : 'crash', { code: exit.code, signal: exit.signal });
    instance.log.warn({ code: exit.code, signal: exit.signal }, 'worker exited unexpectedly');
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

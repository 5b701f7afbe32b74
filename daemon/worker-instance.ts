// One running copy of a configured worker: its process, its state, and the only code that
// signals its process group.
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';

import type { WorkerConfig } from '../config/index.js';
import {
  isProtocolMessage,
  parseWorkerMessage,
  type SupervisorMessage,
  type WorkerMessage,
} from '../worker-sdk/protocol.js';
import { forkClusterWorker } from './fork-cluster-worker.js';
import { captureOutput } from './logs/capture-output.js';
import { workerOutputEnv } from './logs/worker-output-env.js';
import { guardIpcChannel } from './guard-ipc-channel.js';
import type { Logger } from './logger.js';

/**
 * starting → ready → draining → stopped | killed | crashed; `exited` when it ends on its own,
 * then `restarting` while a restart waits for its delay, or `crash-loop` when none will come.
 */
export type InstanceState =
  | 'starting'
  | 'ready'
  | 'draining'
  | 'stopped'
  | 'killed'
  | 'crashed'
  | 'exited'
  | 'restarting'
  | 'crash-loop';

/** How long an exit waits for the worker's channel to deliver its last messages. */
const CHANNEL_CLOSE_WAIT_MS = 1000;

/** The SDK sends a heartbeat this many times per heartbeatTimeoutMs. */
const HEARTBEATS_PER_TIMEOUT = 4;

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  at: number;
}

/** A change of state, for the control socket's subscribers. */
export interface StateChange {
  from: InstanceState;
  to: InstanceState;
  why: string;
}

interface InstanceEvents {
  message: [WorkerMessage];
  exit: [ExitInfo];
  state: [StateChange];
}

export class WorkerInstance extends EventEmitter<InstanceEvents> {
  readonly config: WorkerConfig;
  readonly index: number;
  #child: ChildProcess | undefined;
  #state: InstanceState = 'starting';
  #exit: ExitInfo | undefined;
  #exited: Promise<ExitInfo> = Promise.resolve({ code: null, signal: null, at: 0 });
  readonly #baseLog: Logger;
  #log: Logger;
  #invalidMessages = 0;
  #spawnedAt = 0;

  constructor(config: WorkerConfig, index: number, log: Logger) {
    super();
    this.config = config;
    this.index = index;
    this.#baseLog = log.child({ worker: config.name, instance: index });
    this.#log = this.#baseLog;
  }

  get label(): string {
    return `${this.config.name}#${this.index}`;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get state(): InstanceState {
    return this.#state;
  }

  get isRunning(): boolean {
    return this.#child !== undefined && this.#exit === undefined;
  }

  get log(): Logger {
    return this.#log;
  }

  /** How long the current process has run (or ran, once it has exited). */
  get uptimeMs(): number {
    return (this.#exit?.at ?? Date.now()) - this.#spawnedAt;
  }

  /** Fork-mode instances lead a process group of their own; cluster ones cannot (not detached). */
  get hasOwnGroup(): boolean {
    return this.config.mode === 'fork';
  }

  /** Resolves when the current process has exited (at once if there is none). */
  waitExit(): Promise<ExitInfo> {
    return this.#exited;
  }

  /** Moves to a new state and says why in the log. */
  setState(state: InstanceState, why: string): void {
    if (state === this.#state) return;
    this.#log.debug({ from: this.#state, to: state, why }, 'worker state');
    const from = this.#state;
    this.#state = state;
    this.emit('state', { from, to: state, why });
  }

  /**
   * Forks the worker in a process group of its own (detached), so escalation reaches whatever it
   * spawned and a Ctrl-C in the supervisor's terminal never hits it directly. Cluster mode forks
   * through node:cluster instead (see forkClusterWorker).
   *
   * Limitation: a descendant that leaves the group (setsid, or spawned detached) escapes the
   * group's signals and outlives the stop; only a cgroup (systemd's KillMode) would reach it.
   * And a worker without the SDK that ignores its IPC channel closing outlives a supervisor
   * killed by SIGKILL: Node offers no way to set PR_SET_PDEATHSIG on the child.
   */
  spawn(): void {
    const { config } = this;
    const env = { ...process.env, ...config.env, ...this.#supervisorEnv() };
    const child =
      config.mode === 'cluster'
        ? forkClusterWorker(config, env)
        : fork(config.script, config.args, {
            cwd: config.cwd,
            env,
            detached: true,
            stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
            serialization: 'json',
          });
    this.#child = child;
    this.#spawnedAt = Date.now();
    this.#exit = undefined;
    this.#state = 'starting';
    this.#log = this.#baseLog.child({ pid: child.pid });
    captureOutput(child, { worker: config.name, instance: this.index });
    this.#exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        const exit = { code, signal, at: Date.now() };
        // Node may report the exit before the last messages the worker sent (its `drained`
        // report, sent just before it exited) have been read from the channel: wait for them.
        void waitChannelClosed(child).then(() => {
          this.#exit = exit;
          resolve(exit);
          this.emit('exit', exit);
        });
      });
    });
    child.on('message', (value: unknown) => this.#onMessage(value));
    guardIpcChannel(child, () => this.#onInvalidMessage('bytes that are not JSON'));
    // A failed spawn or a broken channel becomes a log line and, for a spawn, an exit event.
    child.on('error', (error) => this.#log.error({ err: error }, 'worker process error'));
    this.#log.info({ script: config.script }, 'worker spawned');
  }

  #supervisorEnv(): Record<string, string> {
    const { config } = this;
    const env: Record<string, string> = {
      SUPERVISOR_WORKER: config.name,
      SUPERVISOR_INSTANCE: String(this.index),
      SUPERVISOR_GRACE_MS: String(config.graceMs),
      ...workerOutputEnv(config.env.NODE_OPTIONS ?? process.env.NODE_OPTIONS),
    };
    if (config.heartbeatTimeoutMs > 0) {
      const intervalMs = Math.floor(config.heartbeatTimeoutMs / HEARTBEATS_PER_TIMEOUT);
      env.SUPERVISOR_HEARTBEAT_MS = String(intervalMs);
    }
    return env;
  }

  /** Sends a protocol message; false when the channel is gone. */
  send(message: SupervisorMessage): boolean {
    const child = this.#child;
    if (!child?.connected) return false;
    try {
      return child.send(message);
    } catch {
      return false;
    }
  }

  /** Signals the worker process alone (its own stop signal); false if it is gone. */
  signalProcess(signal: NodeJS.Signals): boolean {
    if (!this.isRunning || this.pid === undefined) return false;
    return trySignal(this.pid, signal);
  }

  /**
   * Signals the worker's whole process group; false when nothing in the group remains. A cluster
   * instance has no group of its own, so only its process is signalled.
   */
  signalGroup(signal: NodeJS.Signals): boolean {
    if (this.pid === undefined) return false;
    return trySignal(this.hasOwnGroup ? -this.pid : this.pid, signal);
  }

  /** True while any process of the worker's group (itself or what it spawned) is alive. */
  hasLiveGroup(): boolean {
    // Limitation: a cluster instance shares the supervisor's process group, so what it spawned
    // cannot be found by group and may outlive its stop. node:cluster cannot fork detached.
    return this.hasOwnGroup && this.pid !== undefined && trySignal(-this.pid, 0);
  }

  #onMessage(value: unknown): void {
    if (!isProtocolMessage(value)) return;
    const message = parseWorkerMessage(value);
    if (typeof message === 'string') this.#onInvalidMessage(message);
    else this.emit('message', message);
  }

  // A misbehaving worker can send thousands: log the first, count the rest.
  #onInvalidMessage(problem: string): void {
    this.#invalidMessages += 1;
    if (this.#invalidMessages === 1) {
      this.#log.warn({ problem }, 'invalid message from worker ignored');
    }
  }
}

/**
 * Resolves once the child's IPC channel has closed (every message sent before it was read), or
 * after CHANNEL_CLOSE_WAIT_MS: a descendant holding the channel open must not hold the stop.
 */
function waitChannelClosed(child: ChildProcess): Promise<void> {
  if (!child.connected) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      child.off('disconnect', done);
      resolve();
    };
    const timer = setTimeout(done, CHANNEL_CLOSE_WAIT_MS);
    child.once('disconnect', done);
  });
}

function trySignal(target: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(target, signal);
    return true;
  } catch {
    return false; // ESRCH: already gone
  }
}

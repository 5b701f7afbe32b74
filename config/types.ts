// The normalized configuration: what `loadConfig` returns once the file has been validated and
// every default applied. Paths are absolute; inner code trusts these values.

export type DrainMode = 'ipc' | 'signal';

/** When a worker that exits on its own is started again. */
export type RestartPolicy = 'always' | 'on-failure' | 'never';

/** `fork`: child_process, a process group per instance; `cluster`: node:cluster, one port. */
export type WorkerMode = 'fork' | 'cluster';

/** The daemon's own log level (pino's levels). */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface WorkerConfig {
  name: string;
  /** Absolute path of the worker's entry script. */
  script: string;
  args: string[];
  env: Record<string, string>;
  /** Absolute working directory of the worker. */
  cwd: string;
  instances: number;
  graceMs: number;
  killSignal: NodeJS.Signals;
  killTimeoutMs: number;
  drain: DrainMode;
  /** The signal that asks a `signal`-mode worker to stop. */
  stopSignal: NodeJS.Signals;
  mode: WorkerMode;
  /** Names of the workers this one starts after and drains before. */
  dependsOn: string[];
  readyTimeoutMs: number;
  restart: RestartPolicy;
  restartDelayMs: number;
  maxRestartDelayMs: number;
  minUptimeMs: number;
  maxRestarts: number;
  restartWindowMs: number;
  reloadBatch: number;
  /** 0: heartbeats off. */
  heartbeatTimeoutMs: number;
  /** 0: no memory limit. */
  maxMemoryMb: number;
  /** The worker's own, or else the top-level one. */
  monitorIntervalMs: number;
}

export interface SupervisorConfig {
  /** Absolute path of the file this config was read from. */
  file: string;
  /** Absolute path of the state directory (history, socket, logs). */
  stateDir: string;
  logLevel: LogLevel;
  workers: WorkerConfig[];
}

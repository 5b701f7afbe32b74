// The config module's public surface: load a config file, or read only its state directory.
export { ConfigError } from './config-error.js';
export type { ConfigErrorCode, ConfigProblem } from './config-error.js';
export { loadConfig } from './load-config.js';
export { readStateDir } from './read-state-dir.js';
export type {
  DrainMode,
  LogLevel,
  RestartPolicy,
  SupervisorConfig,
  WorkerConfig,
  WorkerMode,
} from './types.js';

/** The state directory's name when the config sets none, relative to the config file's folder. */
export const DEFAULT_STATE_DIR = '.supervisor';

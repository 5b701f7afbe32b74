// The validators of schema.json, which is the single source of the config's rules and defaults.
// The build compiles them to compiled-schema.cjs (compile-schema.ts): no process pays for ajv's
// code generator.
import type { ValidateFunction } from 'ajv';

import { validateConfig, validateStateDir } from './compiled-schema.cjs';
import type { LogLevel, WorkerConfig } from './types.js';

/**
 * A worker as the schema guarantees it, defaults filled in, paths not yet resolved: cwd and
 * monitorIntervalMs are the two fields whose defaults come from elsewhere (the config's folder,
 * the top-level interval).
 */
export type ValidatedWorker = Omit<WorkerConfig, 'cwd' | 'monitorIntervalMs'> & {
  cwd?: string;
  monitorIntervalMs?: number;
};

export interface ValidatedConfig {
  stateDir: string;
  monitorIntervalMs: number;
  logLevel: LogLevel;
  workers: ValidatedWorker[];
}

export interface ValidatedStateDir {
  stateDir: string;
}

/** Validates a whole config, filling in defaults. */
export const configValidator = validateConfig as ValidateFunction<ValidatedConfig>;

/** Validates only `stateDir`, filling in its default, and lets every other field through. */
export const stateDirValidator = validateStateDir as ValidateFunction<ValidatedStateDir>;

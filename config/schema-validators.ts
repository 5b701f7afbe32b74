// The validator of schema.json, which is the single source of the config's rules and defaults.
// The build compiles it to compiled-schema.cjs (compile-schema.ts): no process pays for ajv's
// code generator. (read-state-dir.ts has its own, of `stateDir` alone.)
import type { ValidateFunction } from 'ajv';

import { validateConfig } from './compiled-schema.cjs';
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

/** Validates a whole config, filling in defaults. */
export const configValidator = validateConfig as ValidateFunction<ValidatedConfig>;

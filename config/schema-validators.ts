// The validators compiled from schema.json, which is the single source of the config's rules and
// defaults. They are compiled on first use, once per process.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import type { SchemaObject, ValidateFunction } from 'ajv';

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

interface Validators {
  config: ValidateFunction<ValidatedConfig>;
  stateDir: ValidateFunction<ValidatedStateDir>;
}

// From dist/config/ in this repository, and from the package root once installed, the schema is
// at config/schema.json two levels up.
const SCHEMA_URL = new URL('../../config/schema.json', import.meta.url);

let validators: Validators | undefined;

/** Validates a whole config, filling in defaults. */
export function getConfigValidator(): ValidateFunction<ValidatedConfig> {
  validators ??= compileValidators();
  return validators.config;
}

/** Validates only `stateDir`, filling in its default, and lets every other field through. */
export function getStateDirValidator(): ValidateFunction<ValidatedStateDir> {
  validators ??= compileValidators();
  return validators.stateDir;
}

// ajv is required on first use, not imported: the CLI commands that never validate a config
// (`history --state-dir`, `show`) then never pay for loading it.
const require = createRequire(import.meta.url);

function compileValidators(): Validators {
  const { Ajv } = require('ajv') as typeof import('ajv');
  const schema = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as SchemaObject;
  // verbose puts the failing value and its schema on each error, which the messages quote.
  const ajv = new Ajv({ allErrors: true, verbose: true, useDefaults: true, strict: true });
  // An editor extension (VS Code shows it), kept in the schema so editors and we say the same.
  ajv.addKeyword('patternErrorMessage');

  const { stateDir } = (schema as { properties: { stateDir: SchemaObject } }).properties;
  return {
    config: ajv.compile<ValidatedConfig>(schema),
    stateDir: ajv.compile<ValidatedStateDir>({ type: 'object', properties: { stateDir } }),
  };
}

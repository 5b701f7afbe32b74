// Where the CLI finds the state directory: `--state-dir` wins, else the config file's `stateDir`
// (default `.supervisor`, relative to the config file's folder).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import { CliError, EXIT_USAGE } from './cli-error.js';

export const DEFAULT_CONFIG_FILE = './app.config.json';
const DEFAULT_STATE_DIR = '.supervisor';

export interface StateDirOptions {
  config?: string;
  stateDir?: string;
}

/** A config file that cannot give a state directory; same shape as config's ConfigError. */
class StateDirError extends Error {
  readonly code: string;

  constructor(message: string, code: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StateDirError';
    this.code = code;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// A stand-in for config/readStateDir, with the same contract (the absolute state directory, or
// an error with a printable message and a string code). resolveStateDir will call that one
// instead once the config room is merged, and this function and StateDirError will go.
function readStateDir(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error: unknown) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    const message =
      reason === 'ENOENT'
        ? `no config file at ${file}: pass --config <file> or --state-dir <dir>`
        : `cannot read config file ${file} (${reason})`;
    throw new StateDirError(message, 'ERR_CONFIG_READ', { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error: unknown) {
    const message = `config file ${file} is not valid JSON: ${(error as Error).message}`;
    throw new StateDirError(message, 'ERR_CONFIG_JSON', { cause: error });
  }
  const stateDir = isRecord(parsed) ? parsed.stateDir : undefined;
  if (stateDir !== undefined && typeof stateDir !== 'string') {
    throw new StateDirError(`${file}: stateDir must be a string`, 'ERR_CONFIG_INVALID');
  }
  return resolve(dirname(file), stateDir ?? DEFAULT_STATE_DIR);
}

/** The absolute state directory named by the command's options; a bad config exits 2. */
export function resolveStateDir(options: StateDirOptions): string {
  if (options.stateDir !== undefined) return resolve(options.stateDir);
  const file = resolve(options.config ?? DEFAULT_CONFIG_FILE);
  try {
    return readStateDir(file);
  } catch (error: unknown) {
    const { message, code } = error as StateDirError;
    throw new CliError(message, EXIT_USAGE, code, { cause: error });
  }
}

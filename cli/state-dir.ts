// Where the CLI finds the state directory: `--state-dir` wins, else the config file's `stateDir`
// (default `.supervisor`, relative to the config file's folder).
import { resolve } from 'node:path';

import { ConfigError } from '../config/config-error.js';
import { CliError, EXIT_USAGE } from './cli-error.js';

export const DEFAULT_CONFIG_FILE = './app.config.json';

export interface StateDirOptions {
  config?: string;
  stateDir?: string;
}

/** The absolute state directory named by the command's options; a bad config exits 2. */
export async function resolveStateDir(options: StateDirOptions): Promise<string> {
  if (options.stateDir !== undefined) return resolve(options.stateDir);
  // Loaded only when needed: with --state-dir, a command reads no config and loads no validator.
  const { readStateDir } = await import('../config/read-state-dir.js');
  try {
    return await readStateDir(options.config ?? DEFAULT_CONFIG_FILE);
  } catch (error: unknown) {
    if (!(error instanceof ConfigError)) throw error;
    throw new CliError(error.message, EXIT_USAGE, error.code, { cause: error });
  }
}

// Loads a config file for a command; a config that cannot be used is a usage error (exit 2).
import { ConfigError, loadConfig, type SupervisorConfig } from '../config/index.js';
import { CliError, EXIT_USAGE } from './cli-error.js';

/** The config at `file`; a ConfigError becomes a CliError with the ConfigError as its cause. */
export async function loadCliConfig(file: string): Promise<SupervisorConfig> {
  try {
    return await loadConfig(file);
  } catch (error: unknown) {
    if (!(error instanceof ConfigError)) throw error;
    throw new CliError(error.message, EXIT_USAGE, error.code, { cause: error });
  }
}

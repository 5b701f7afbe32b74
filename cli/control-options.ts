// The options that find a state directory: which daemon to reach, or which files to read.
import type { Command } from 'commander';

import { DEFAULT_CONFIG_FILE } from './state-dir.js';

/** Adds --config and --state-dir, which find the daemon's control socket. */
export function addDaemonOptions(command: Command): Command {
  return command
    .option('--config <file>', 'config file of the running supervisor', DEFAULT_CONFIG_FILE)
    .option('--state-dir <dir>', 'state directory of the running supervisor (overrides --config)');
}

/** Adds --config and --state-dir to a command that reads `what` from the state directory. */
export function addStateDirOptions(command: Command, what: string): Command {
  return command
    .option('--config <file>', `config file whose stateDir holds the ${what}`, DEFAULT_CONFIG_FILE)
    .option('--state-dir <dir>', 'state directory to read (overrides --config)');
}

/** The exit code lines that every daemon command shares, for its --help. */
export const NO_DAEMON_EXIT = '  3  no supervisor is running for that config or state directory';

// Runs the real compiled `supervisor` binary, as a user would, for the CLI tests.
import { spawnSync } from 'node:child_process';

import { cliPath } from './paths.js';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** The entry point to run; default the bundled CLI that the package installs. */
  main?: string;
}

/** Runs `supervisor <args>` in UTC with colour settings cleared, then those in `env` applied. */
export function runCli(args: string[], options: CliRunOptions = {}): CliResult {
  const env: NodeJS.ProcessEnv = { ...process.env, TZ: 'UTC' };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  delete env.SUPERVISOR_DEBUG;
  const result = spawnSync(process.execPath, [options.main ?? cliPath, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { ...env, ...options.env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

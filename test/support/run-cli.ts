// Runs the real compiled `supervisor` binary, as a user would, for the CLI tests.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Tests run from dist/test/support/: the repository root is three levels up.
const ROOT = new URL('../../../', import.meta.url);
const MAIN = fileURLToPath(new URL('dist/cli/main.js', ROOT));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  cwd?: string;
  env?: Record<string, string>;
}

/** Runs `supervisor <args>` in UTC with colour settings cleared, then those in `env` applied. */
export function runCli(args: string[], options: CliRunOptions = {}): CliResult {
  const env: NodeJS.ProcessEnv = { ...process.env, TZ: 'UTC' };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  delete env.SUPERVISOR_DEBUG;
  const result = spawnSync(process.execPath, [MAIN, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { ...env, ...options.env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// What `reload` and `restart` share: one request to the daemon, and its answer reported; a
// failed operation exits 1.
import type { OperationResult } from '../daemon/index.js';
import { EXIT_FAILED } from './cli-error.js';
import { withControlClient } from './control-client.js';
import { createPaint } from './format-colour.js';
import { resolveStateDir, type StateDirOptions } from './state-dir.js';

export interface OperationOptions extends StateDirOptions {
  json?: boolean;
}

/** Asks the daemon for `method`; prints `<what>: done|failed`, or the result as JSON. */
export async function runOperation(
  what: string,
  method: string,
  params: Record<string, unknown>,
  options: OperationOptions,
): Promise<void> {
  const stateDir = resolveStateDir(options);
  const result = await withControlClient(stateDir, (client) =>
    client.request<OperationResult>(method, params),
  );
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const paint = createPaint(process.stdout, process.env);
    const verdict = result.ok ? paint('green', 'done') : paint('red', 'failed');
    process.stdout.write(`${what}: ${verdict}\n`);
  }
  if (!result.ok) process.exitCode = EXIT_FAILED;
}

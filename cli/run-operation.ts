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

/** `, web#0 web#1 replaced (supervisor show 4)`, and why it failed, from the daemon's answer. */
function describeResult(result: OperationResult): string {
  const parts: string[] = [];
  const { replaced, shutdownId, error } = result as {
    replaced?: unknown;
    shutdownId?: unknown;
    error?: { message?: unknown };
  };
  if (Array.isArray(replaced) && replaced.length > 0) parts.push(`${replaced.join(' ')} replaced`);
  if (typeof shutdownId === 'string') parts.push(`see supervisor show ${shutdownId}`);
  if (typeof error?.message === 'string') parts.push(error.message);
  return parts.length > 0 ? `: ${parts.join('; ')}` : '';
}

/** Asks the daemon for `method`; prints `<what>: done|failed`, or the result as JSON. */
export async function runOperation(
  what: string,
  method: string,
  params: Record<string, unknown>,
  options: OperationOptions,
): Promise<void> {
  const stateDir = await resolveStateDir(options);
  const result = await withControlClient(stateDir, (client) =>
    client.request<OperationResult>(method, params),
  );
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const paint = createPaint(process.stdout, process.env);
    const verdict = result.ok ? paint('green', 'done') : paint('red', 'failed');
    process.stdout.write(`${what}: ${verdict}${describeResult(result)}\n`);
  }
  if (!result.ok) process.exitCode = EXIT_FAILED;
}

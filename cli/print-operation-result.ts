// How `reload` and `restart` report what the daemon answered; a failed operation exits 1.
import { EXIT_FAILED } from './cli-error.js';
import type { OperationResult } from '../daemon/index.js';
import { createPaint } from './format-colour.js';

export function printOperationResult(what: string, result: OperationResult, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const paint = createPaint(process.stdout, process.env);
    const verdict = result.ok ? paint('green', 'done') : paint('red', 'failed');
    process.stdout.write(`${what}: ${verdict}\n`);
  }
  if (!result.ok) process.exitCode = EXIT_FAILED;
}

// Where things are: the project root, its built CLI, and the benchmark's own tools.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
export const ROOT_DIR = join(BENCH_DIR, '..');
export const WORKERS_DIR = join(BENCH_DIR, 'workers');
export const RESULTS_DIR = join(BENCH_DIR, 'results');
const manifest = JSON.parse(readFileSync(join(ROOT_DIR, 'package.json'), 'utf8'));
/** The `supervisor` command as the package installs it (the bundled CLI). */
export const SUPERVISOR_CLI = join(ROOT_DIR, manifest.bin.supervisor);
export const PM2_BIN = join(BENCH_DIR, 'node_modules', 'pm2', 'bin', 'pm2');
export const DOC_FILE = join(ROOT_DIR, 'docs', 'benchmarks.md');

/** The worker script both systems run: the SDK worker, or the same server without the SDK. */
export function workerScript(kind = 'sdk') {
  return join(WORKERS_DIR, kind === 'sdk' ? 'sdk-worker.mjs' : 'bare-worker.mjs');
}

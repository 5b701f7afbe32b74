// What `npm run bench` needs before it runs: the benchmark's own tools (installed from
// bench/package-lock.json), a link that lets the workers import the SDK by its package name,
// and an up-to-date build of the project.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

import { BENCH_DIR, ROOT_DIR, SUPERVISOR_CLI } from './paths.mjs';

const ROOMS = ['cli', 'config', 'daemon', 'history', 'worker-sdk'];
const TOOLS = ['pm2', 'autocannon'];

function newestSourceMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function isBuildStale() {
  if (!existsSync(SUPERVISOR_CLI)) return true;
  const built = statSync(SUPERVISOR_CLI).mtimeMs;
  return ROOMS.some((room) => newestSourceMtime(join(ROOT_DIR, room)) > built);
}

export function prepare(log) {
  const modules = join(BENCH_DIR, 'node_modules');
  if (TOOLS.some((tool) => !existsSync(join(modules, tool)))) {
    log('Installing the benchmark tools from bench/package-lock.json (npm ci)…');
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: BENCH_DIR, stdio: 'inherit' });
  }
  // The workers import 'graceful-supervisor/worker-sdk' as an application would: through the
  // package's exports, which point at dist/.
  const link = join(modules, 'graceful-supervisor');
  if (!existsSync(link)) symlinkSync(join('..', '..'), link, 'dir');
  if (isBuildStale()) {
    log('Building the project (tsc)…');
    execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT_DIR, stdio: 'inherit' });
  }
}

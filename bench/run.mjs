// `npm run bench [-- <name>...] [--quick]`: installs the benchmark's tools from its lock file if
// they are missing, builds the project if its build is missing or stale, runs the benchmarks,
// and rewrites their sections of docs/benchmarks.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { prepare } from './lib/prepare.mjs';
import { RESULTS_DIR } from './lib/paths.mjs';
import { section, writeSection } from './lib/report.mjs';

// In the order they run; each is bench/benchmarks/<name>.mjs, imported once the tools and the
// build are in place (they import autocannon and dist/).
const ORDER = [
  'stop-overhead',
  'stop-in-flight',
  'reload-under-load',
  'footprint',
  'start',
  'history-at-scale',
];
const LIMIT_SECONDS = 15 * 60;

function parseArgs(argv) {
  const quick = argv.includes('--quick');
  const names = argv.filter((arg) => !arg.startsWith('--'));
  const unknown = names.filter((name) => !ORDER.includes(name));
  if (unknown.length > 0) {
    console.error(`unknown benchmark ${unknown.join(', ')}; known: ${ORDER.join(', ')}`);
    process.exit(2);
  }
  return { quick, names: names.length === 0 ? ORDER : ORDER.filter((n) => names.includes(n)) };
}

function log(line) {
  console.log(line);
}

async function runOne(benchmark, quick) {
  const started = Date.now();
  log(`\n${benchmark.title}`);
  let result;
  try {
    result = await benchmark.runBenchmark({ quick, log });
  } catch (error) {
    log(`  failed: ${error.stack ?? error}`);
    const why = `the benchmark failed: ${String(error.message ?? error)}`;
    result = { goals: [{ goal: 'all goals', verdict: 'not measured', why }], body: '' };
  }
  const markdown = section({
    title: benchmark.title,
    reference: benchmark.reference,
    quick,
    goals: result.goals,
    body: result.body,
  });
  await writeSection(benchmark.name, markdown, ORDER);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = join(RESULTS_DIR, `${benchmark.name}-${stamp}.json`);
  writeFileSync(file, JSON.stringify({ quick, ...result }, null, 2));
  log(`  done in ${((Date.now() - started) / 1000).toFixed(0)} s; raw figures in ${file}`);
  return result.goals.every((goal) => goal.verdict !== 'not measured' || !/failed/.test(goal.why));
}

async function main() {
  const { quick, names } = parseArgs(process.argv.slice(2));
  prepare(log);
  const selected = await Promise.all(
    names.map((name) => import(new URL(`./benchmarks/${name}.mjs`, import.meta.url).href)),
  );
  const estimate = selected.reduce((sum, b) => sum + b.estimateSeconds(quick), 0);
  log(
    `Running ${selected.map((b) => b.name).join(', ')}${quick ? ' (--quick)' : ''}: ` +
      `estimated ${(estimate / 60).toFixed(1)} min (limit ${LIMIT_SECONDS / 60} min)`,
  );
  let ok = true;
  for (const benchmark of selected) ok = (await runOne(benchmark, quick)) && ok;
  process.exitCode = ok ? 0 : 1;
}

await main();
// Everything started has been stopped; a stray timer must not keep the run from ending.
process.exit();

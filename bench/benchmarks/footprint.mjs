// Benchmark 4: what each daemon costs while its workers sit idle (RSS and CPU over 60 s, in 5
// windows), and what the SDK adds to a worker's RSS over the same script without it.
import { spawn } from 'node:child_process';

import { killAtExit } from '../lib/cleanup.mjs';
import { workerScript } from '../lib/paths.mjs';
import { withPm2 } from '../lib/pm2.mjs';
import { CLOCK_TICKS_PER_SECOND, cpuTicks, rssMb, signal } from '../lib/processes.mjs';
import { table, verdict } from '../lib/report.mjs';
import { readyFile } from '../lib/scratch.mjs';
import { formatSpread, median } from '../lib/stats.mjs';
import { withSupervisor } from '../lib/supervisor.mjs';
import { sleep } from '../lib/timing.mjs';

export const name = 'footprint';
export const title = '4. Footprint: idle daemon RSS and CPU, SDK cost per worker';
export const reference =
  'God daemon 57.5 MB and 0.63 % of a core with 16 workers, 60.8 MB and 1.96 % with 64; a ' +
  'worker 50.5 MB under PM2 against 42.8 MB as plain `node`.';

const WINDOWS = 5;
const SETTLE_MS = 3000;
const GRACE_MS = 5000;
const GOALS = { rssMb: 45, cpuPercent: 0.3, sdkMb: 2, size: 64 };

function plan(quick) {
  return quick ? { sizes: [16], idleS: 10, pairs: 3 } : { sizes: [16, 64], idleS: 60, pairs: 5 };
}

export function estimateSeconds(quick) {
  const { sizes, idleS, pairs } = plan(quick);
  // Both daemons idle side by side; PM2 starts its instances one at a time.
  return sizes.reduce((sum, n) => sum + idleS + 6 + 0.4 * n, 0) + pairs * 1.5;
}

/** Samples both daemons in the same windows: RSS at each window's end, CPU over the window. */
async function sampleWindows(daemons, windowMs) {
  const samples = Object.fromEntries(Object.keys(daemons).map((key) => [key, []]));
  let ticks = Object.fromEntries(Object.entries(daemons).map(([k, pid]) => [k, cpuTicks(pid)]));
  for (let window = 0; window < WINDOWS; window += 1) {
    await sleep(windowMs);
    for (const [key, pid] of Object.entries(daemons)) {
      const now = cpuTicks(pid);
      const seconds = (now - ticks[key]) / CLOCK_TICKS_PER_SECOND;
      samples[key].push({ rssMb: rssMb(pid), cpuPercent: (100 * seconds) / (windowMs / 1000) });
      ticks = { ...ticks, [key]: now };
    }
  }
  return samples;
}

// Limitation: the two systems idle side by side in the same windows instead of alternating run
// by run: 60 s per system and size, taken one after the other, would not fit the 15 minutes.
// Both are idle, so each mostly measures its own process; the CPU figure has 10 ms resolution.
/** Both systems with `size` idle workers, side by side, sampled in the same windows. */
async function measureSize(size, idleS, oursFirst) {
  const oursReady = readyFile('footprint');
  const pm2Ready = readyFile('footprint');
  const options = { instances: size, graceful: 'best', graceMs: GRACE_MS };
  return withSupervisor((supervisor) =>
    withPm2(async (pm2) => {
      const starts = {
        ours: () => supervisor.startWorker(options, oursReady),
        pm2: async () => (await pm2.startApp(options, pm2Ready)).entries,
      };
      const pids = {};
      for (const key of oursFirst ? ['ours', 'pm2'] : ['pm2', 'ours']) {
        pids[key] = (await starts[key]()).map((entry) => entry.pid);
      }
      await sleep(SETTLE_MS);
      const samples = await sampleWindows(
        { ours: supervisor.pid, pm2: pm2.daemonPid() },
        (idleS * 1000) / WINDOWS,
      );
      const workerRss = { ours: median(pids.ours.map(rssMb)), pm2: median(pids.pm2.map(rssMb)) };
      return { size, samples, workerRss };
    }),
  );
}

/** One worker standalone (no supervisor); resolves with its RSS once it has settled. */
async function standaloneRss(kind) {
  const ready = readyFile('sdk-rss');
  const child = spawn(process.execPath, [workerScript(kind)], {
    stdio: 'ignore',
    env: { ...process.env, PORT: '0', BENCH_READY_FILE: ready.path },
  });
  const unregister = killAtExit(child.pid);
  await ready.waitCount(1);
  await sleep(1000);
  const rss = rssMb(child.pid);
  signal(child.pid, 'SIGKILL');
  unregister();
  return rss;
}

async function measureSdk(pairs) {
  const added = [];
  const bare = [];
  for (let pair = 0; pair < pairs; pair += 1) {
    const [withSdk, without] = await Promise.all([standaloneRss('sdk'), standaloneRss('bare')]);
    added.push(withSdk - without);
    bare.push(without);
  }
  return { added, bare };
}

function rows(results) {
  return results.flatMap(({ size, samples, workerRss }) =>
    ['ours', 'pm2'].map((key) => [
      size,
      key === 'ours' ? 'graceful-supervisor' : 'PM2 God daemon',
      formatSpread(
        samples[key].map((sample) => sample.rssMb),
        1,
      ),
      formatSpread(
        samples[key].map((sample) => sample.cpuPercent),
        3,
      ),
      workerRss[key].toFixed(1),
    ]),
  );
}

function goalsFor(results, sdk, sizes) {
  const big = results.find((result) => result.size === GOALS.size);
  const notRun = { notMeasured: `${GOALS.size} workers not run (--quick)` };
  const rss = big && median(big.samples.ours.map((sample) => sample.rssMb));
  const cpu = big && median(big.samples.ours.map((sample) => sample.cpuPercent));
  const added = median(sdk.added);
  const versus = (key, digits, unit) =>
    `${median(big.samples.ours.map((s) => s[key])).toFixed(digits)} ${unit} ` +
    `(PM2 ${median(big.samples.pm2.map((s) => s[key])).toFixed(digits)} ${unit})`;
  return [
    verdict(
      `daemon RSS ≤ ${GOALS.rssMb} MB with ${GOALS.size} workers`,
      big ? { met: rss <= GOALS.rssMb, figure: versus('rssMb', 1, 'MB') } : notRun,
    ),
    verdict(
      `daemon CPU ≤ ${GOALS.cpuPercent} % of a core with ${GOALS.size} idle workers`,
      big ? { met: cpu <= GOALS.cpuPercent, figure: versus('cpuPercent', 3, '%') } : notRun,
    ),
    verdict(`SDK adds ≤ ${GOALS.sdkMb} MB RSS per worker`, {
      met: added <= GOALS.sdkMb,
      figure: `${added.toFixed(1)} MB (median of ${sdk.added.length} pairs; sizes run: ${sizes})`,
    }),
  ];
}

export async function runBenchmark({ quick, log }) {
  const { sizes, idleS, pairs } = plan(quick);
  const results = [];
  for (const [index, size] of sizes.entries()) {
    results.push(await measureSize(size, idleS, index % 2 === 0));
    const ours = median(results.at(-1).samples.ours.map((sample) => sample.rssMb));
    log(`  ${size} workers: our daemon ${ours.toFixed(1)} MB`);
  }
  const sdk = await measureSdk(pairs);
  log(`  SDK adds ${median(sdk.added).toFixed(1)} MB per worker`);
  const header = [
    'idle workers',
    'daemon',
    'daemon VmRSS, MB',
    'daemon CPU, % of one core',
    'median worker VmRSS, MB',
  ];
  const sdkLine =
    `The same HTTP worker standalone (\`node\`, no supervisor): without the SDK ` +
    `${formatSpread(sdk.bare, 1)} MB; the SDK adds ${formatSpread(sdk.added, 1)} MB ` +
    `(${pairs} pairs started together, VmRSS 1 s after ready).`;
  const body =
    `Both daemons run side by side with the same number of idle workers, and are sampled in ` +
    `the same ${WINDOWS} windows of ${idleS / WINDOWS} s (${idleS} s idle after a ` +
    `${SETTLE_MS / 1000} s settle): VmRSS at each window's end, CPU ticks (10 ms resolution) ` +
    `over the window, from \`/proc/<pid>\`.\n\n${table(header, rows(results))}\n\n${sdkLine}`;
  return { goals: goalsFor(results, sdk, sizes.join(', ')), body, raw: { results, sdk } };
}

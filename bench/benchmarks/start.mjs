// Benchmark 5: from the start command to 16 workers ready (worker-side timestamps), against
// the floor of 16 bare `node` processes spawned at once.
import { spawn } from 'node:child_process';

import { killAtExit } from '../lib/cleanup.mjs';
import { workerScript } from '../lib/paths.mjs';
import { withPm2 } from '../lib/pm2.mjs';
import { signal } from '../lib/processes.mjs';
import { table, verdict } from '../lib/report.mjs';
import { readyFile } from '../lib/scratch.mjs';
import { formatSpread, median } from '../lib/stats.mjs';
import { withSupervisor } from '../lib/supervisor.mjs';

export const name = 'start';
export const title = '5. Start: 16 workers until all are ready';
export const reference = 'one app of 16 instances 3558 ms cold; floor of 16 bare `node` 1338 ms.';

const WORKERS = 16;
const GRACE_MS = 5000;
const WITHIN = 0.15;
const VARIANTS = ['floor', 'ours', 'pm2'];
const OPTIONS = { instances: WORKERS, graceful: 'best', graceMs: GRACE_MS };

function plan(quick) {
  return { reps: quick ? 1 : 5 };
}

export function estimateSeconds(quick) {
  return plan(quick).reps * (2 + 2.5 + 6.5);
}

/** 16 bare workers spawned at once, each timing its own ready line. */
async function runFloor() {
  const ready = readyFile('start');
  const started = Date.now();
  const children = [];
  for (let i = 0; i < WORKERS; i += 1) {
    const child = spawn(process.execPath, [workerScript('bare')], {
      stdio: 'ignore',
      env: { ...process.env, PORT: '0', BENCH_READY_FILE: ready.path },
    });
    children.push({ child, unregister: killAtExit(child.pid) });
  }
  try {
    const entries = await ready.waitCount(WORKERS);
    return { allReadyMs: Math.max(...entries.map((e) => e.at)) - started };
  } finally {
    for (const { child, unregister } of children) {
      signal(child.pid, 'SIGKILL');
      unregister();
    }
  }
}

async function runOurs() {
  const ready = readyFile('start');
  return withSupervisor(async (supervisor) => {
    const started = Date.now();
    const entries = await supervisor.startWorker(OPTIONS, ready);
    const loggedMs = supervisor.readyLines[WORKERS - 1].at - supervisor.startedAt;
    return { allReadyMs: Math.max(...entries.map((e) => e.at)) - started, loggedMs };
  });
}

async function runPm2() {
  const ready = readyFile('start');
  return withPm2(async (pm2) => {
    const started = Date.now();
    const { entries, cliMs } = await pm2.startApp(OPTIONS, ready);
    return { allReadyMs: Math.max(...entries.map((e) => e.at)) - started, loggedMs: cliMs };
  });
}

const RUNS = { floor: runFloor, ours: runOurs, pm2: runPm2 };

/** "12 % over" or "5 % under". */
function relative(value, reference) {
  const percent = Math.round(100 * (value / reference - 1));
  return percent >= 0 ? `${percent} % over` : `${-percent} % under`;
}
const LABELS = {
  floor: `floor: ${WORKERS} × \`node bare-worker.mjs\` spawned at once`,
  ours: `graceful-supervisor, 1 worker × ${WORKERS} instances`,
  pm2: `PM2, 1 app × ${WORKERS} instances, fork mode, cold daemon`,
};

export async function runBenchmark({ quick, log }) {
  const { reps } = plan(quick);
  const runs = { floor: [], ours: [], pm2: [] };
  for (let rep = 0; rep < reps; rep += 1) {
    // Rotate the order, so that no variant always runs right after another.
    const order = [...VARIANTS.slice(rep % 3), ...VARIANTS.slice(0, rep % 3)];
    for (const variant of order) {
      runs[variant].push(await RUNS[variant]());
      log(`  ${variant}: ${runs[variant].at(-1).allReadyMs.toFixed(0)} ms`);
    }
  }
  const floor = median(runs.floor.map((run) => run.allReadyMs));
  const ours = median(runs.ours.map((run) => run.allReadyMs));
  const pm2 = median(runs.pm2.map((run) => run.allReadyMs));
  const goal = verdict(`all ${WORKERS} ready within ${WITHIN * 100} % of the floor`, {
    met: ours <= floor * (1 + WITHIN),
    figure:
      `${ours.toFixed(0)} ms, ${relative(ours, floor)} the floor (${floor.toFixed(0)} ms); ` +
      `PM2 ${pm2.toFixed(0)} ms`,
  });
  const header = [
    'variant',
    'start → all ready (worker-side), ms',
    'start → 16th "worker ready" logged / `pm2 start` returned, ms',
  ];
  const rows = VARIANTS.map((variant) => [
    LABELS[variant],
    formatSpread(runs[variant].map((run) => run.allReadyMs)),
    formatSpread(runs[variant].map((run) => run.loggedMs)),
  ]);
  const body =
    `Each worker appends its own ready time once it listens; the start is the moment the ` +
    `command (or the first bare \`node\`) is spawned. ${reps} run(s) per variant, order ` +
    `rotated.\n\n${table(header, rows)}`;
  return { goals: [goal], body, raw: runs };
}

// Benchmark 1: stopping idle workers. From the stop (SIGTERM to our supervisor, or `supervisor
// stop`; `pm2 kill` or `pm2 stop all`) to the last worker pid gone, polled every 2 ms.
import { withPm2 } from '../lib/pm2.mjs';
import { signal, waitPidsGone } from '../lib/processes.mjs';
import { table, verdict } from '../lib/report.mjs';
import { alternate, readyFile } from '../lib/scratch.mjs';
import { formatSpread, median } from '../lib/stats.mjs';
import { FeatureMissing, withSupervisor } from '../lib/supervisor.mjs';
import { now, sleep } from '../lib/timing.mjs';
import { lastShutdownStops } from '../lib/history-file.mjs';

export const name = 'stop-overhead';
export const title = '1. Stop overhead: idle workers';
export const reference =
  '`pm2 stop all` 296 / 621 / 2026 ms and `pm2 kill` 309 / 405 / 801 ms to the last pid ' +
  'gone with 1 / 8 / 32 workers.';

const GRACE_MS = 5000;
const SETTLE_MS = 200;
const COMMANDS = {
  ours: ['SIGTERM', 'supervisor stop'],
  pm2: ['pm2 kill', 'pm2 stop all'],
};
// The issue's goals: overhead beyond the slowest worker's own drain, per size.
const OVERHEAD_GOAL_MS = { 8: 50, 32: 100 };

function plan(quick) {
  return { sizes: quick ? [1, 8] : [1, 8, 32], reps: quick ? 1 : 5 };
}

export function estimateSeconds(quick) {
  const { sizes, reps } = plan(quick);
  // Per run a start and a stop; PM2 starts the instances one at a time (~0.3 s each here).
  const perRep = sizes.reduce((sum, n) => sum + 2 * (1.2 + 0.1 * n) + 2 * (2.5 + 0.3 * n), 0);
  return perRep * reps;
}

/** The slowest worker's own drain (drain sent → its report), from our history. */
function slowestDrainMs(supervisor) {
  const stops = lastShutdownStops(supervisor.stateDir);
  return Math.max(...stops.map((stop) => stop.drained_at - stop.drain_sent_at));
}

function issueStop(supervisor, command, origin) {
  if (command === 'SIGTERM') {
    signal(supervisor.pid, 'SIGTERM');
    return supervisor.exited.then((exit) => exit.at - origin);
  }
  return supervisor.stopCommand().then(() => now() - origin);
}

async function runOurs(size, command) {
  const ready = readyFile('stop');
  return withSupervisor(async (supervisor) => {
    const options = { instances: size, graceful: 'best', graceMs: GRACE_MS };
    const pids = (await supervisor.startWorker(options, ready)).map((entry) => entry.pid);
    await sleep(SETTLE_MS);
    const origin = now();
    const gone = waitPidsGone(pids, origin);
    gone.catch(() => undefined); // settled by close() when the stop command is missing
    const [times, cliMs] = await Promise.all([gone, issueStop(supervisor, command, origin)]);
    await supervisor.exited;
    return { ...times, cliMs, slowestDrainMs: slowestDrainMs(supervisor) };
  });
}

async function runPm2(size, command) {
  const ready = readyFile('stop');
  return withPm2(async (pm2) => {
    const options = { instances: size, graceful: 'best', graceMs: GRACE_MS };
    const pids = (await pm2.startApp(options, ready)).entries.map((entry) => entry.pid);
    const daemon = pm2.daemonPid();
    await sleep(SETTLE_MS);
    const origin = now();
    const args = command === 'pm2 kill' ? ['kill'] : ['stop', 'all'];
    const cli = pm2.cli(args).then(() => now() - origin);
    const times = await waitPidsGone(pids, origin);
    const cliMs = await cli;
    const daemonMs = command === 'pm2 kill' ? (await waitPidsGone([daemon], origin)).allMs : NaN;
    return { ...times, cliMs, daemonMs };
  });
}

async function measureSize(size, reps, log) {
  const runs = Object.fromEntries([...COMMANDS.ours, ...COMMANDS.pm2].map((c) => [c, []]));
  const missing = {};
  for (let rep = 0; rep < reps; rep += 1) {
    for (const system of alternate(rep, ['ours', 'pm2'])) {
      for (const command of COMMANDS[system]) {
        if (missing[command]) continue;
        try {
          const run = system === 'ours' ? runOurs : runPm2;
          runs[command].push(await run(size, command));
          log(`  ${size} workers, ${command}: ${runs[command].at(-1).allMs.toFixed(0)} ms`);
        } catch (error) {
          if (!(error instanceof FeatureMissing)) throw error;
          missing[command] = `feature not available in this build (${error.message})`;
          log(`  ${command}: not measured: ${missing[command]}`);
        }
      }
    }
  }
  return { runs, missing };
}

function rowsFor(size, { runs, missing }) {
  return Object.entries(runs).map(([command, list]) => {
    const pick = (field) => formatSpread(list.map((run) => run[field]));
    const system = COMMANDS.ours.includes(command) ? 'graceful-supervisor' : 'PM2';
    if (missing[command]) return [size, system, `\`${command}\``, 'not measured', '', '', '', ''];
    const overhead = list.map((run) => run.allMs - (run.slowestDrainMs ?? NaN));
    return [
      size,
      system,
      `\`${command}\``,
      pick('allMs'),
      pick('firstMs'),
      pick('cliMs'),
      system === 'PM2' ? pick('daemonMs') : pick('slowestDrainMs'),
      system === 'PM2' ? '–' : formatSpread(overhead),
    ];
  });
}

function goalsFor(results) {
  const goals = [];
  for (const [size, limit] of Object.entries(OVERHEAD_GOAL_MS)) {
    for (const command of COMMANDS.ours) {
      const goal = `${size} workers, \`${command}\`: ≤ ${limit} ms beyond the slowest drain`;
      const result = results.get(Number(size));
      if (!result) {
        goals.push(verdict(goal, { notMeasured: 'size not run (--quick)' }));
        continue;
      }
      if (result.missing[command]) {
        goals.push(verdict(goal, { notMeasured: result.missing[command] }));
        continue;
      }
      const overhead = median(result.runs[command].map((run) => run.allMs - run.slowestDrainMs));
      goals.push(verdict(goal, { met: overhead <= limit, figure: `${overhead.toFixed(0)} ms` }));
    }
  }
  for (const command of COMMANDS.ours) {
    const goal = `\`${command}\` faster than PM2's faster path at every size`;
    const compared = [...results].map(([size, result]) => {
      if (result.missing[command]) return { size, missing: result.missing[command] };
      const ours = median(result.runs[command].map((run) => run.allMs));
      const pm2 = Math.min(
        ...COMMANDS.pm2.map((c) => median(result.runs[c].map((run) => run.allMs))),
      );
      return { size, ours, pm2 };
    });
    const absent = compared.find((entry) => entry.missing);
    if (absent) {
      goals.push(verdict(goal, { notMeasured: absent.missing }));
      continue;
    }
    const figure = compared
      .map((e) => `${e.size}: ${e.ours.toFixed(0)} vs ${e.pm2.toFixed(0)} ms`)
      .join('; ');
    goals.push(verdict(goal, { met: compared.every((e) => e.ours < e.pm2), figure }));
  }
  return goals;
}

export async function runBenchmark({ quick, log }) {
  const { sizes, reps } = plan(quick);
  const results = new Map();
  for (const size of sizes) results.set(size, await measureSize(size, reps, log));
  const header = [
    'workers',
    'system',
    'stop',
    'stop → all pids gone, ms',
    'stop → first pid gone, ms',
    'stop → CLI / supervisor exit, ms',
    'PM2: daemon gone, ms; ours: slowest own drain, ms',
    'ours: beyond slowest drain, ms',
  ];
  const rows = [...results].flatMap(([size, result]) => rowsFor(size, result));
  const body =
    `${reps} run(s) per cell; grace / kill_timeout ${GRACE_MS} ms; liveness polled every ` +
    `2 ms with \`process.kill(pid, 0)\`.\n\n${table(header, rows)}`;
  return { goals: goalsFor(results), body, raw: Object.fromEntries(results) };
}

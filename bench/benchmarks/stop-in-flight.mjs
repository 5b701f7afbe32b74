// Benchmark 2: a stop while 10 slow requests are in flight. Each system with its default
// configuration and with its best one; the stop is issued 300 ms after the requests.
import { freePort, request } from '../lib/http.mjs';
import { withPm2 } from '../lib/pm2.mjs';
import { signal, waitPidsGone } from '../lib/processes.mjs';
import { table, verdict } from '../lib/report.mjs';
import { alternate, readyFile } from '../lib/scratch.mjs';
import { formatSpread, median } from '../lib/stats.mjs';
import { withSupervisor } from '../lib/supervisor.mjs';
import { now, sleep } from '../lib/timing.mjs';

export const name = 'stop-in-flight';
export const title = '2. Stop with 10 requests in flight';
export const reference =
  '2 s requests: 10 of 10 in every configuration, pids gone at about 1.73 s; 4 s requests: ' +
  '10 of 10 at 3.72 s with kill_timeout 5000, 0 of 10 (ECONNRESET) at 1.90 s with the default.';

const REQUESTS = 10;
const STOP_AFTER_MS = 300;
const GRACE_MS = 5000;
const DURATIONS_MS = [2000, 4000];
const CONFIGS = ['best', 'default'];
// What "default" means for each: our graceMs default, PM2's SIGINT and kill_timeout.
const DEFAULT_GRACE = { ours: 30_000, pm2: 1600 };
// The goal: the stop is over within this much of the last request's end.
const WITHIN_MS = 50;

function plan(quick) {
  return { reps: quick ? 1 : 5 };
}

export function estimateSeconds(quick) {
  const perRep = DURATIONS_MS.reduce((sum, ms) => sum + 4 * (ms / 1000 + 1.2), 0);
  return perRep * plan(quick).reps;
}

// Limitation: fork mode with one worker only; pm2-figures.md also has cluster ×2 rows, where
// PM2 stops the instances one after the other. They would add 40 runs to the 15 minutes.
/** Sends the requests, waits 300 ms, stops, and times everything from the stop. */
async function loadAndStop({ port, pids, durationMs }, stop) {
  const url = `http://127.0.0.1:${port}/slow?ms=${durationMs}`;
  const sent = [];
  for (let i = 0; i < REQUESTS; i += 1) sent.push(request(url, 20_000));
  await sleep(STOP_AFTER_MS);
  const origin = now();
  const stopped = stop(origin);
  const gone = await waitPidsGone(pids, origin);
  const outcomes = await Promise.all(sent);
  const stopEndMs = await stopped;
  const lastSettledMs = Math.max(...outcomes.map((outcome) => outcome.endedAt)) - origin;
  const answered = outcomes.filter((outcome) => outcome.status === 200).length;
  const errors = outcomes.filter((outcome) => outcome.error).map((outcome) => outcome.error);
  return { answered, errors, allGoneMs: gone.allMs, stopEndMs, lastSettledMs };
}

async function runOurs(config, durationMs) {
  const ready = readyFile('inflight');
  const port = await freePort();
  return withSupervisor(async (supervisor) => {
    const options = { graceful: config, graceMs: GRACE_MS, env: { PORT: String(port) } };
    const pids = (await supervisor.startWorker(options, ready)).map((entry) => entry.pid);
    return loadAndStop({ port, pids, durationMs }, (origin) => {
      signal(supervisor.pid, 'SIGTERM');
      return supervisor.exited.then((exit) => exit.at - origin);
    });
  });
}

async function runPm2(config, durationMs) {
  const ready = readyFile('inflight');
  const port = await freePort();
  return withPm2(async (pm2) => {
    const options = { graceful: config, graceMs: GRACE_MS, env: { PORT: String(port) } };
    const pids = (await pm2.startApp(options, ready)).entries.map((entry) => entry.pid);
    return loadAndStop({ port, pids, durationMs }, (origin) =>
      pm2.cli(['stop', 'all']).then(() => now() - origin),
    );
  });
}

const SYSTEMS = { ours: runOurs, pm2: runPm2 };
const LABELS = { ours: 'graceful-supervisor', pm2: 'PM2' };

function graceOf(system, config) {
  return config === 'best' ? GRACE_MS : DEFAULT_GRACE[system];
}

function configLabel(system, config) {
  const grace = graceOf(system, config);
  if (system === 'ours') return `${config}: graceMs ${grace}`;
  return config === 'best'
    ? `best: shutdown message, kill_timeout ${grace}`
    : `default: SIGINT, kill_timeout ${grace}`;
}

async function measure(reps, log) {
  const cells = new Map();
  for (let rep = 0; rep < reps; rep += 1) {
    for (const durationMs of DURATIONS_MS) {
      for (const system of alternate(rep, ['ours', 'pm2'])) {
        for (const config of CONFIGS) {
          const key = `${durationMs} ${system} ${config}`;
          if (!cells.has(key)) cells.set(key, { durationMs, system, config, runs: [] });
          const run = await SYSTEMS[system](config, durationMs);
          cells.get(key).runs.push(run);
          log(`  ${key}: ${run.answered}/${REQUESTS} answered, ${run.allGoneMs.toFixed(0)} ms`);
        }
      }
    }
  }
  return [...cells.values()];
}

function errorSummary(runs) {
  const counts = new Map();
  for (const error of runs.flatMap((run) => run.errors)) {
    counts.set(error, (counts.get(error) ?? 0) + 1);
  }
  return counts.size === 0 ? '0' : [...counts].map(([code, n]) => `${code}×${n}`).join(', ');
}

function row(cell) {
  const pick = (field) => formatSpread(cell.runs.map((run) => run[field]));
  return [
    `${cell.durationMs / 1000} s`,
    LABELS[cell.system],
    configLabel(cell.system, cell.config),
    `${cell.runs.map((run) => run.answered).join(', ')} of ${REQUESTS}`,
    errorSummary(cell.runs),
    pick('allGoneMs'),
    pick('stopEndMs'),
    pick('lastSettledMs'),
    formatSpread(cell.runs.map((run) => run.allGoneMs - run.lastSettledMs)),
  ];
}

function goalsFor(cells) {
  const ours = cells.filter((cell) => cell.system === 'ours');
  return ours.flatMap((cell) => {
    const where = `${cell.durationMs / 1000} s requests, our ${cell.config} config`;
    const answered = cell.runs.map((run) => run.answered);
    const late = median(cell.runs.map((run) => run.allGoneMs - run.lastSettledMs));
    return [
      verdict(`${where}: 10 of 10 answered with 200 in every run`, {
        met: answered.every((n) => n === REQUESTS),
        figure: `${answered.join(', ')} of ${REQUESTS}`,
      }),
      verdict(`${where}: all pids gone within ${WITHIN_MS} ms of the last request's end`, {
        met: late <= WITHIN_MS,
        figure: `${late.toFixed(0)} ms after it (median)`,
      }),
    ];
  });
}

export async function runBenchmark({ quick, log }) {
  const { reps } = plan(quick);
  const cells = await measure(reps, log);
  const header = [
    'request',
    'system',
    'config',
    'answered 200 (per run)',
    'errors (all runs)',
    'stop → all pids gone, ms',
    'stop → CLI / supervisor exit, ms',
    'stop → last request settled, ms',
    'pids gone after last request, ms',
  ];
  const body =
    `${REQUESTS} requests on their own connections, fork mode, 1 worker; the stop (SIGTERM to ` +
    `our supervisor, \`pm2 stop all\`) is issued ${STOP_AFTER_MS} ms after they were sent. ` +
    `${reps} run(s) per row.\n\n${table(header, cells.map(row))}`;
  return { goals: goalsFor(cells), body, raw: cells };
}

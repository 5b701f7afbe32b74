// Benchmark 6: the history at scale. A database of 100,000 shutdowns × 4 workers × 10 events;
// `supervisor history --limit 20` and `supervisor show <id>` timed as whole processes; and how
// fast the history writer records, with the event loop's longest stall while it does.
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

import { ROOT_DIR, SUPERVISOR_CLI } from '../lib/paths.mjs';
import { run } from '../lib/processes.mjs';
import { table, verdict } from '../lib/report.mjs';
import { scratchDir } from '../lib/scratch.mjs';
import { formatSpread, median } from '../lib/stats.mjs';
import { now } from '../lib/timing.mjs';
import { EVENTS_PER_WORKER, fillHistory, recordShutdown, WORKERS } from '../lib/fill-history.mjs';

export const name = 'history-at-scale';
export const title = '6. History at scale: 100,000 shutdowns';
export const reference =
  'nothing to compare: PM2 keeps no per-stop record, only `pm2.log` lines at 1 s resolution.';

const GOALS = { queryMs: 150, eventsPerSecond: 50_000, stallMs: 5 };

function plan(quick) {
  return quick
    ? { shutdowns: 2_000, queryRuns: 2, recorded: 250, recordRuns: 1 }
    : { shutdowns: 100_000, queryRuns: 7, recorded: 2_500, recordRuns: 3 };
}

export function estimateSeconds(quick) {
  const { shutdowns, queryRuns, recorded, recordRuns } = plan(quick);
  return 3 + shutdowns / 5000 + queryRuns * 3 * 0.5 + (recordRuns * recorded) / 500;
}

// dist/ is imported here rather than at the top: `npm run bench` builds it first.
async function loadProject() {
  const history = await import(join(ROOT_DIR, 'dist', 'history', 'index.js'));
  const daemon = await import(join(ROOT_DIR, 'dist', 'daemon', 'index.js'));
  return { openHistory: history.openHistory, log: daemon.createLogger({ level: 'silent' }) };
}

async function buildDatabase(project, shutdowns) {
  const stateDir = scratchDir('history');
  const writer = project.openHistory(stateDir, project.log);
  const { path } = writer;
  writer.close(); // the schema now exists, made by the project's migrations
  const started = now();
  fillHistory(path, shutdowns);
  return { stateDir, buildMs: now() - started };
}

/**
 * Records `count` shutdowns as fast as the writer takes them, one per turn of the event loop
 * (the daemon never queues a shutdown's 45 writes in less), timing until the last commit.
 */
async function measureRecording(project, stateDir, count) {
  const writer = project.openHistory(stateDir, project.log);
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const started = now();
  for (let i = 0; i < count; i += 1) {
    recordShutdown(writer, Date.now());
    await new Promise((resolve) => setImmediate(resolve));
  }
  writer.flush();
  const elapsedMs = now() - started;
  delay.disable();
  const stats = writer.stats();
  writer.close();
  return {
    eventsPerSecond: (count * WORKERS * EVENTS_PER_WORKER) / (elapsedMs / 1000),
    stallMaxMs: delay.max / 1e6,
    stallP99Ms: delay.percentile(99) / 1e6,
    longestCommitMs: stats.longestCommitMs,
    dropped: stats.dropped,
  };
}

async function timeCommand(args, runs) {
  const times = [];
  for (let i = 0; i < runs; i += 1) {
    const result = await run(process.execPath, [SUPERVISOR_CLI, ...args], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    if (result.code !== 0) throw new Error(`supervisor ${args.join(' ')}: ${result.stderr}`);
    times.push(result.ms);
  }
  return times;
}

export async function runBenchmark({ quick, log }) {
  const { shutdowns, queryRuns, recorded, recordRuns } = plan(quick);
  const project = await loadProject();
  const { stateDir, buildMs } = await buildDatabase(project, shutdowns);
  log(`  built ${shutdowns} shutdowns in ${(buildMs / 1000).toFixed(1)} s`);
  const dir = ['--state-dir', stateDir];
  const commands = {
    'supervisor --version': ['--version'],
    'supervisor history --limit 20': ['history', '--limit', '20', ...dir],
    [`supervisor show ${shutdowns / 2}`]: ['show', String(shutdowns / 2), ...dir],
  };
  const notes = ['start-up floor: Node and the CLI, no database', 'the goal', 'the goal'];
  const times = Object.fromEntries(Object.keys(commands).map((label) => [label, []]));
  for (let i = 0; i < queryRuns; i += 1) {
    for (const [label, args] of Object.entries(commands)) {
      times[label].push(...(await timeCommand(args, 1)));
    }
  }
  const recordings = [];
  for (let i = 0; i < recordRuns; i += 1) {
    recordings.push(await measureRecording(project, stateDir, recorded));
    log(`  recording: ${recordings.at(-1).eventsPerSecond.toFixed(0)} events/s`);
  }
  const [, historyLabel, showLabel] = Object.keys(commands);
  const queryGoal = (label) => {
    const ms = median(times[label]);
    return verdict(`\`${label}\` < ${GOALS.queryMs} ms as a whole process`, {
      met: ms < GOALS.queryMs,
      figure: `${ms.toFixed(0)} ms (median of ${times[label].length})`,
    });
  };
  const rate = median(recordings.map((r) => r.eventsPerSecond));
  const stall = Math.max(...recordings.map((r) => r.stallMaxMs));
  const goals = [
    queryGoal(historyLabel),
    queryGoal(showLabel),
    verdict(`recording ≥ ${GOALS.eventsPerSecond} events/s`, {
      met: rate >= GOALS.eventsPerSecond,
      figure: `${rate.toFixed(0)} events/s (median)`,
    }),
    verdict(`event loop never stalls > ${GOALS.stallMs} ms while recording`, {
      met: stall <= GOALS.stallMs,
      figure: `longest stall ${stall.toFixed(1)} ms`,
    }),
  ];
  const queryTable = table(
    ['command (whole process)', 'what it shows', 'wall time, ms'],
    Object.keys(commands).map((label, i) => [`\`${label}\``, notes[i], formatSpread(times[label])]),
  );
  const recordTable = table(
    ['events/s', 'event-loop stall max, ms', 'stall p99, ms', 'longest commit, ms', 'dropped'],
    [
      [
        formatSpread(recordings.map((r) => r.eventsPerSecond)),
        formatSpread(
          recordings.map((r) => r.stallMaxMs),
          1,
        ),
        formatSpread(
          recordings.map((r) => r.stallP99Ms),
          1,
        ),
        formatSpread(
          recordings.map((r) => r.longestCommitMs),
          1,
        ),
        recordings.map((r) => r.dropped).join(', '),
      ],
    ],
  );
  const body =
    `Database: ${shutdowns.toLocaleString('en')} shutdowns × ${WORKERS} worker stops × ` +
    `${EVENTS_PER_WORKER} events, schema made by the project's migrations, rows inserted by ` +
    `direct SQL in transactions of 1,000 shutdowns (${(buildMs / 1000).toFixed(1)} s; the ` +
    `writer commits each shutdown and worker stop on its own, far too slow to fill it), ` +
    `then fsynced, as a history that grew over months would be on disk. ` +
    `${queryRuns} run(s) per command, alternating.\n\n${queryTable}\n\n` +
    `Recording through the project's history writer (\`dist/history\`) into that database: ` +
    `${recorded.toLocaleString('en')} shutdowns (${(recorded * 40).toLocaleString('en')} ` +
    `events and ${(recorded * 10).toLocaleString('en')} other writes), one shutdown per turn ` +
    `of the event loop, timed to the last commit; event-loop delay from ` +
    `\`monitorEventLoopDelay\` (1 ms resolution). ${recordRuns} run(s).\n\n${recordTable}`;
  return { goals, body, raw: { buildMs, times, recordings } };
}

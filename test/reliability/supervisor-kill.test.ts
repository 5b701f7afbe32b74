import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import Database from 'better-sqlite3';
import { expect } from 'chai';

import { historyPath } from '../../history/index.js';
import { runCli } from '../support/run-cli.js';
import { fixtureWorker } from '../support/paths.js';
import { SupervisorProcess } from '../support/supervisor-process.js';
import { makeTempDir, writeConfig } from '../support/temp-dir.js';
import { logsWith, printCounts, tally, waitGone } from './supervised.js';

const POINTS = 20;
const GRACE_MS = 500;
const KILL_TIMEOUT_MS = 700;
/** Slack for process start and exit on a loaded machine. */
const MARGIN_MS = 2000;

// Drained at once, cut off by its own SDK at the deadline, and killed by the supervisor: the
// shutdown's timeline runs from the drain to SIGKILL at GRACE_MS + KILL_TIMEOUT_MS, and the kills
// are spread over its first 800 ms, which leaves a busy machine 400 ms of slack.
const WORKERS = [
  { name: 'quick', script: fixtureWorker('slow-task'), env: { TASK_STOP_MS: '100' } },
  { name: 'slow', script: fixtureWorker('slow-task'), env: { TASK_STOP_MS: '5000' } },
  { name: 'stubborn', script: fixtureWorker('rel-leave-on-disconnect') },
].map((worker) => ({ ...worker, graceMs: GRACE_MS, killTimeoutMs: KILL_TIMEOUT_MS }));

/** The delay of each SIGKILL after the shutdown began: spread over the drain and escalation. */
function killDelays(): number[] {
  const span = GRACE_MS + 300;
  return Array.from({ length: POINTS }, (_, i) => Math.round((i * span) / (POINTS - 1)));
}

interface DatabaseState {
  integrity: string;
  unfinished: number;
  /** The last event of the interrupted shutdown: where in the timeline the kill landed. */
  lastEvent: string;
}

function inspect(stateDir: string): DatabaseState {
  const db = new Database(historyPath(stateDir), { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    const unfinished = db
      .prepare('SELECT id FROM shutdowns WHERE outcome IS NULL')
      .pluck()
      .all() as number[];
    const lastEvent = db
      .prepare('SELECT kind FROM events WHERE shutdown_id = ? ORDER BY at DESC, id DESC LIMIT 1')
      .pluck()
      .get(unfinished[0] ?? -1) as string | undefined;
    return { integrity, unfinished: unfinished.length, lastEvent: lastEvent ?? 'none' };
  } finally {
    db.close();
  }
}

/** One start, SIGTERM, then SIGKILL of the supervisor `delayMs` after its shutdown began. */
async function killDuringShutdown(config: string, delayMs: number) {
  const supervisor = SupervisorProcess.start(config);
  await supervisor.waitReady(WORKERS.length);
  const marked = logsWith(supervisor, 'unfinished shutdowns marked incomplete');
  const workers = [...supervisor.workerPids().values()];
  supervisor.signal('SIGTERM');
  // Logged once the shutdown's row is written: a kill before that would leave nothing to mark.
  await supervisor.waitForLog((line) => line.msg === 'shutdown started');
  await sleep(delayMs);
  supervisor.signal('SIGKILL');
  const exit = await supervisor.exited;
  const survivors = await waitGone(workers, GRACE_MS + MARGIN_MS);
  return { exit, survivors, markedAtStart: Number(marked[0]?.count ?? 0) };
}

describe('reliability: the supervisor SIGKILLed during a shutdown', function () {
  this.timeout(120_000);

  it(`leaves no orphan, a sound history, an incomplete shutdown (${POINTS} points)`, async () => {
    const dir = makeTempDir('gs-rel-');
    const config = writeConfig(dir, { workers: WORKERS });
    const stateDir = join(dir, '.supervisor');
    const landed: string[] = [];
    const problems: string[] = [];
    let orphans = 0;
    let integrityFailures = 0;
    let markedIncomplete = 0;

    for (const delayMs of killDelays()) {
      const run = await killDuringShutdown(config, delayMs);
      const state = inspect(stateDir);
      orphans += run.survivors.length;
      markedIncomplete += run.markedAtStart;
      landed.push(state.lastEvent);
      if (run.exit.signal !== 'SIGKILL') problems.push(`${delayMs} ms: ended before the kill`);
      if (state.integrity !== 'ok') {
        integrityFailures += 1;
        problems.push(`${delayMs} ms: ${state.integrity}`);
      }
      if (state.unfinished !== 1) problems.push(`${delayMs} ms: ${state.unfinished} unfinished`);
    }
    // The next start marks the last one; its own shutdown finishes.
    const next = SupervisorProcess.start(config);
    await next.waitReady(WORKERS.length);
    markedIncomplete += Number(logsWith(next, 'unfinished shutdowns marked incomplete')[0]?.count);
    next.signal('SIGTERM');
    await next.exited;

    const history = runCli(['history', '--state-dir', stateDir, '--limit', '100', '--json']);
    const outcomes = (JSON.parse(history.stdout) as { outcome: string }[]).map((s) => s.outcome);
    printCounts(`supervisor SIGKILL x${POINTS}`, {
      orphans,
      integrityFailures,
      markedIncomplete,
      killedAfterEvent: tally(landed),
    });
    expect(problems).to.deep.equal([]);
    expect(orphans).to.equal(0);
    expect(markedIncomplete).to.equal(POINTS);
    expect(tally(outcomes)).to.deep.equal({ incomplete: POINTS, forced: 1 });
    // The kills must have landed all along the timeline, or the points proved little.
    expect(new Set(landed).size).to.be.at.least(4);
  });
});

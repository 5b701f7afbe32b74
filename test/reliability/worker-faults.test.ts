import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect } from 'chai';

import type { WorkerStopSummary } from '../../history/index.js';
import { historyJson, showJson } from '../support/history-cli.js';
import { fixtureWorker } from '../support/paths.js';
import { isAlive } from '../support/reaper.js';
import { makeTempDir } from '../support/temp-dir.js';
import {
  lifecycleOf,
  logsWith,
  printCounts,
  startSupervised,
  tally,
  waitFor,
  waitGone,
} from './supervised.js';

function stopsOf(stateDir: string, name: string): WorkerStopSummary[] {
  const [summary] = historyJson(stateDir);
  return summary!.workers.filter((worker) => worker.name === name);
}

function exitOf(stop: WorkerStopSummary): string {
  return stop.signal === null ? `code ${String(stop.exitCode)}` : `signal ${stop.signal}`;
}

interface FloodCount {
  sent: number;
  perSecond: number;
}

function readPids(file: string): number[] {
  return readFileSync(file, 'utf8').trim().split('\n').map(Number);
}

describe('reliability: worker faults under the real supervisor', function () {
  this.timeout(30_000);

  it('records a crash at start with its true code or signal, and keeps the rest', async () => {
    const { supervisor, stateDir } = startSupervised([
      { name: 'coded', script: fixtureWorker('rel-crash-at-start'), instances: 3 },
      {
        name: 'killed',
        script: fixtureWorker('rel-crash-at-start'),
        instances: 2,
        env: { CRASH_SIGNAL: 'SIGKILL' },
      },
      { name: 'healthy', script: fixtureWorker('slow-task') },
    ]);
    await supervisor.waitReady(1);
    await supervisor.waitForLog(
      () => logsWith(supervisor, 'worker exited unexpectedly').length >= 5,
    );
    expect(supervisor.child.exitCode, 'the daemon is still running').to.equal(null);

    supervisor.signal('SIGTERM');
    const exit = await supervisor.exited;

    const crashes = lifecycleOf(stateDir).filter((event) => event.kind === 'crash');
    const recorded = crashes.map(
      ({ worker, detail }) =>
        `${worker} code=${String(detail.code)} signal=${String(detail.signal)}`,
    );
    printCounts('crash at start x5', tally(recorded));
    expect(tally(recorded)).to.deep.equal({
      'coded code=3 signal=null': 3,
      'killed code=null signal=SIGKILL': 2,
    });
    expect(exit.code).to.equal(0);
    expect(historyJson(stateDir)[0]!.workers.map((worker) => worker.name)).to.deep.equal([
      'healthy',
    ]);
  });

  it('records a crash mid-drain as crashed, with the exit code or signal it died of', async () => {
    const { supervisor, stateDir } = startSupervised([
      { name: 'coded', script: fixtureWorker('rel-crash-mid-drain'), instances: 3 },
      {
        name: 'killed',
        script: fixtureWorker('rel-crash-mid-drain'),
        instances: 2,
        env: { CRASH_SIGNAL: 'SIGKILL' },
      },
      { name: 'healthy', script: fixtureWorker('slow-task'), env: { TASK_STOP_MS: '300' } },
    ]);
    await supervisor.waitReady(6);
    supervisor.signal('SIGTERM');
    const exit = await supervisor.exited;

    const coded = stopsOf(stateDir, 'coded');
    const killed = stopsOf(stateDir, 'killed');
    printCounts('crash mid-drain x5', tally([...coded, ...killed].map(exitOf)));
    expect(exit.code).to.equal(1);
    expect(historyJson(stateDir)[0]!.outcome).to.equal('crashed');
    for (const stop of coded) {
      expect(stop).to.include({ outcome: 'crashed', exitCode: 10 + stop.instance, signal: null });
    }
    for (const stop of killed) {
      expect(stop).to.include({ outcome: 'crashed', exitCode: null, signal: 'SIGKILL' });
    }
    expect(stopsOf(stateDir, 'healthy')[0]).to.include({ outcome: 'drained', exitCode: 0 });
  });

  it('records a worker that exits 0 before acknowledging as exited, code 0', async () => {
    const { supervisor, stateDir } = startSupervised([
      { name: 'hasty', script: fixtureWorker('rel-exit-before-ack'), instances: 3 },
    ]);
    await supervisor.waitReady(3);
    supervisor.signal('SIGTERM');
    const exit = await supervisor.exited;

    const stops = stopsOf(stateDir, 'hasty');
    printCounts(
      'exit 0 before ack x3',
      tally(stops.map((stop) => `${stop.outcome} ${exitOf(stop)}`)),
    );
    expect(exit.code).to.equal(0);
    expect(stops.map((stop) => [stop.outcome, stop.exitCode, stop.signal])).to.deep.equal(
      Array(3).fill(['exited', 0, null]),
    );
  });

  it('keeps the report of a worker exiting the moment it has sent it (3 x 8 workers)', async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 3; round += 1) {
      const { supervisor, stateDir } = startSupervised([
        { name: 'prompt', script: fixtureWorker('rel-ack-and-exit'), instances: 8 },
      ]);
      await supervisor.waitReady(8);
      supervisor.signal('SIGTERM');
      await supervisor.exited;
      outcomes.push(...stopsOf(stateDir, 'prompt').map((stop) => String(stop.outcome)));
    }

    printCounts('report then exit x24', tally(outcomes));
    expect(tally(outcomes)).to.deep.equal({ drained: 24 });
  });

  it('kills a worker that acknowledged and never exits at its deadline, and says why', async () => {
    const { supervisor, stateDir } = startSupervised([
      {
        name: 'lingering',
        script: fixtureWorker('rel-ack-never-exit'),
        instances: 2,
        graceMs: 500,
        killTimeoutMs: 1000,
      },
    ]);
    await supervisor.waitReady(2);
    supervisor.signal('SIGTERM');
    const exit = await supervisor.exited;

    const [summary] = historyJson(stateDir);
    const { events } = showJson(stateDir, summary!.id);
    const kills = events.filter((event) => event.kind === 'kill-signal');
    printCounts('ack, never exit x2', tally(summary!.workers.map(exitOf)));
    expect(exit.code).to.equal(1);
    expect(summary!.outcome).to.equal('forced');
    for (const stop of summary!.workers) {
      expect(stop).to.include({ outcome: 'killed', exitCode: null, signal: 'SIGTERM' });
    }
    expect(kills.map((event) => event.detail)).to.deep.equal(
      Array(2).fill({ signal: 'SIGTERM', outstanding: 'exit after drained' }),
    );
    expect(events.filter((event) => event.kind === 'drained')).to.have.length(2);
  });

  it('escalates to SIGKILL for a worker ignoring SIGTERM, and records SIGKILL', async () => {
    const dir = makeTempDir('gs-rel-');
    const readyFile = join(dir, 'handler-installed');
    const { supervisor, stateDir } = startSupervised(
      [
        {
          name: 'deaf',
          script: fixtureWorker('rel-ignore-sigterm'),
          drain: 'signal',
          instances: 2,
          graceMs: 300,
          killTimeoutMs: 300,
          env: { READY_FILE: readyFile },
        },
      ],
      dir,
    );
    await waitFor(() => existsSync(`${readyFile}.0`) && existsSync(`${readyFile}.1`));
    supervisor.signal('SIGTERM');
    const exit = await supervisor.exited;

    const [summary] = historyJson(stateDir);
    const kinds = showJson(stateDir, summary!.id)
      .events.filter((event) => event.worker === 'deaf' && event.instance === 0)
      .map((event) => event.kind);
    printCounts('ignore SIGTERM x2', tally(summary!.workers.map(exitOf)));
    expect(exit.code).to.equal(1);
    for (const stop of summary!.workers) {
      expect(stop).to.include({ outcome: 'killed', exitCode: null, signal: 'SIGKILL' });
    }
    expect(kinds).to.deep.equal(['stop-signal', 'kill-signal', 'sigkill', 'exit']);
  });

  it('leaves no grandchild alive, whether the worker exits or is killed', async () => {
    const dir = makeTempDir('gs-rel-');
    const { supervisor, stateDir } = startSupervised(
      [
        {
          name: 'leaver',
          script: fixtureWorker('rel-grandchildren'),
          instances: 2,
          env: { MODE: 'drain', PIDS_FILE: join(dir, 'leaver.pids') },
        },
        {
          name: 'stubborn',
          script: fixtureWorker('rel-grandchildren'),
          env: { MODE: 'ignore', PIDS_FILE: join(dir, 'stubborn.pids') },
          graceMs: 300,
          killTimeoutMs: 300,
        },
      ],
      dir,
    );
    await supervisor.waitReady(3);
    const descendants = ['leaver.pids.0', 'leaver.pids.1', 'stubborn.pids.0'].flatMap((file) =>
      readPids(join(dir, file)),
    );
    const aliveBefore = descendants.filter(isAlive).length;

    supervisor.signal('SIGTERM');
    await supervisor.exited;
    const survivors = await waitGone(descendants, 1000);

    printCounts(`grandchildren x${descendants.length}`, {
      aliveBefore,
      survivors: survivors.length,
    });
    expect(descendants).to.have.length(12);
    expect(aliveBefore).to.equal(12);
    expect(survivors).to.deep.equal([]);
    const events = showJson(stateDir, historyJson(stateDir)[0]!.id).events;
    const groupKills = events.filter((event) => event.kind === 'group-killed');
    // The stubborn worker's group was SIGKILLed already; a second SIGKILL to it is harmless.
    expect(groupKills.filter((event) => event.worker === 'leaver')).to.have.length(2);
  });

  it('survives 10,000 IPC messages a second, logs them once, and still shuts down', async () => {
    const dir = makeTempDir('gs-rel-');
    const countFile = join(dir, 'sent.count');
    const { supervisor, stateDir } = startSupervised(
      [
        {
          name: 'chatty',
          script: fixtureWorker('rel-ipc-flood'),
          env: { RATE: '10000', DRAIN_FLOOD_MS: '500', COUNT_FILE: countFile },
        },
      ],
      dir,
    );
    await supervisor.waitReady(1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const signalledAt = Date.now();
    supervisor.signal('SIGTERM');
    const started = await supervisor.waitForLog((line) => line.msg === 'shutdown started');
    const exit = await supervisor.exited;
    const stopMs = Date.now() - signalledAt;

    const { sent, perSecond } = JSON.parse(readFileSync(countFile, 'utf8')) as FloodCount;
    const workerLines = supervisor.logs.filter((line) => line.worker === 'chatty');
    const invalid = logsWith(supervisor, 'invalid message from worker ignored');
    printCounts(`IPC flood x${sent}`, {
      perSecond,
      logLines: workerLines.length,
      invalidLogged: invalid.length,
      signalToShutdownMs: (started.time as number) - signalledAt,
      stopMs,
    });
    expect(sent).to.be.above(10_000);
    // The worker catches up on late timers; a stalled machine may still cost it a little.
    expect(perSecond).to.be.at.least(9_000);
    expect(exit.code).to.equal(0);
    expect(invalid).to.have.length(1);
    // spawned, ready, invalid message, stopped: nothing per message.
    expect(workerLines).to.have.length.below(8);
    expect(stopMs).to.be.below(5000);
    expect(stopsOf(stateDir, 'chatty')[0]).to.include({ outcome: 'drained', exitCode: 0 });
  });
});

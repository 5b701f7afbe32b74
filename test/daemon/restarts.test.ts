import { setTimeout as sleep } from 'node:timers/promises';

import { expect } from 'chai';
import pidusage from 'pidusage';

import { fixtureWorker } from '../support/paths.js';
import { lifecycleEvents, startSupervisor } from './lifecycle-support.js';

/** CPU time (user + system, ms) the process has used so far. */
async function cpuTimeMs(pid: number): Promise<number> {
  const { ctime } = await pidusage(pid);
  return ctime;
}

describe('supervisor restarts (real processes)', function () {
  this.timeout(30_000);

  afterEach(() => pidusage.clear());

  it('restarts a crashing worker with growing delays, then idles in crash-loop', async () => {
    const { stateDir, supervisor } = startSupervisor({
      workers: [
        {
          name: 'crasher',
          script: fixtureWorker('lc-crash'),
          restartDelayMs: 100,
          maxRestartDelayMs: 500,
          maxRestarts: 5,
          restartWindowMs: 60_000,
        },
      ],
    });
    const startedAt = Date.now();
    const cpuAtStart = await cpuTimeMs(supervisor.pid);
    await supervisor.waitForLog((line) => line.msg === 'worker in crash loop; not restarting');
    const loopMs = Date.now() - startedAt;
    const cpuInLoop = (await cpuTimeMs(supervisor.pid)) - cpuAtStart;
    await sleep(2000);
    const cpuIdle = (await cpuTimeMs(supervisor.pid)) - cpuAtStart - cpuInLoop;
    supervisor.signal('SIGTERM');
    const exit = await supervisor.exited;

    console.log(
      `      supervisor CPU: ${cpuInLoop} ms over ${loopMs} ms of restarts, ` +
        `${cpuIdle} ms over 2000 ms in crash-loop`,
    );
    expect(exit.code).to.equal(0);
    const events = lifecycleEvents(stateDir);
    const delays = events.filter((e) => e.kind === 'restart').map((e) => e.detail.delayMs);
    expect(delays).to.deep.equal([100, 200, 400, 500, 500]);
    expect(events.filter((e) => e.kind === 'crash')).to.have.length(6);
    expect(events.at(-1)).to.deep.include({ kind: 'crash-loop', worker: 'crasher' });
    expect(events.at(-1)!.detail).to.deep.equal({ restarts: 5, restartWindowMs: 60_000 });
    // Generous bounds for a shared 2-core machine: an idle daemon uses next to nothing.
    expect(cpuIdle).to.be.below(200);
    expect(cpuInLoop / loopMs).to.be.below(0.5);
  });

  it('restarts nothing once a shutdown has begun', async () => {
    const { stateDir, supervisor } = startSupervisor({
      workers: [{ name: 'crasher', script: fixtureWorker('lc-crash'), restartDelayMs: 800 }],
    });
    await supervisor.waitForLog((line) => line.msg === 'worker restarting');
    supervisor.signal('SIGTERM');
    await supervisor.exited;
    await sleep(1000);

    const kinds = lifecycleEvents(stateDir).map((event) => event.kind);
    expect(kinds).to.deep.equal(['spawn', 'crash', 'restart']);
  });

  it('does not restart a worker that exits with code 0 under on-failure', async () => {
    const { stateDir, supervisor } = startSupervisor({
      workers: [
        {
          name: 'done',
          script: fixtureWorker('lc-ready'),
          env: { EXIT_AFTER_READY: '1' },
          restartDelayMs: 0,
        },
      ],
    });
    await supervisor.waitForLog((line) => line.msg === 'worker exited unexpectedly');
    await sleep(300);
    supervisor.signal('SIGTERM');
    await supervisor.exited;

    const kinds = lifecycleEvents(stateDir).map((event) => event.kind);
    expect(kinds).to.deep.equal(['spawn', 'ready', 'exit']);
  });
});

import { expect } from 'chai';

import { historyJson, showJson } from '../support/history-cli.js';
import { fixtureWorker } from '../support/paths.js';
import { lifecycleEvents, startSupervisor, timeOf } from './lifecycle-support.js';

const FAST = { graceMs: 2000, killTimeoutMs: 500 };

describe('supervisor start order and readiness (real processes)', function () {
  this.timeout(30_000);

  it('starts a worker once its dependencies are ready, and drains it before them', async () => {
    const worker = (name: string, dependsOn: string[], env: Record<string, string> = {}) => ({
      name,
      script: fixtureWorker('lc-ready'),
      dependsOn,
      env: { READY_DELAY_MS: '300', DRAIN_MS: '150', ...env },
      ...FAST,
    });
    const { stateDir, supervisor } = startSupervisor({
      workers: [worker('web', ['api']), worker('api', ['db']), worker('db', [])],
    });
    await supervisor.waitReady(3);
    supervisor.signal('SIGTERM');
    const exit = await supervisor.exited;

    expect(exit.code).to.equal(0);
    const events = lifecycleEvents(stateDir);
    expect(timeOf(events, 'api', 'spawn')).to.be.at.least(timeOf(events, 'db', 'ready'));
    expect(timeOf(events, 'web', 'spawn')).to.be.at.least(timeOf(events, 'api', 'ready'));

    const [shutdown] = historyJson(stateDir);
    const timeline = showJson(stateDir, shutdown!.id).events;
    const offset = (worker: string, kind: string) =>
      timeline.find((event) => event.worker === worker && event.kind === kind)!.offsetMs;
    expect(offset('web', 'exit')).to.be.at.most(offset('api', 'drain-sent'));
    expect(offset('api', 'exit')).to.be.at.most(offset('db', 'drain-sent'));
    // Each step waited for the one before: 150 ms drains, one after the other.
    expect(offset('db', 'drain-sent') - offset('web', 'drain-sent')).to.be.at.least(300);
  });

  it('stops a worker that misses readyTimeoutMs gracefully and counts a failed start', async () => {
    const { stateDir, supervisor } = startSupervisor({
      workers: [
        {
          name: 'mute',
          script: fixtureWorker('lc-ready'),
          env: { NEVER_READY: '1' },
          readyTimeoutMs: 400,
          restartDelayMs: 100,
          maxRestarts: 1,
          ...FAST,
        },
      ],
    });
    await supervisor.waitForLog((line) => line.msg === 'worker in crash loop; not restarting');
    supervisor.signal('SIGTERM');
    await supervisor.exited;

    const kinds = lifecycleEvents(stateDir).map((event) => event.kind);
    expect(kinds).to.deep.equal([
      'spawn',
      'ready-timeout',
      'restart',
      'spawn',
      'ready-timeout',
      'crash-loop',
    ]);
    const stops = historyJson(stateDir).filter((entry) => entry.trigger === 'ready-timeout');
    expect(stops).to.have.length(2);
    expect(stops[0]).to.include({ reason: 'restart', outcome: 'clean' });
    expect(stops[0]!.workers[0]).to.include({ name: 'mute', outcome: 'drained' });
  });
});

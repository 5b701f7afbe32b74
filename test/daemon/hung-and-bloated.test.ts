import { expect } from 'chai';

import { historyJson, showJson } from '../support/history-cli.js';
import { fixtureWorker } from '../support/paths.js';
import { expectInOrder, lifecycleEvents, startSupervisor, timeOf } from './lifecycle-support.js';

describe('supervisor with hung and bloated workers (real processes)', function () {
  this.timeout(30_000);

  it('restarts a worker whose event loop is blocked with reason unresponsive', async () => {
    const timeouts = { heartbeatTimeoutMs: 600, graceMs: 500, killTimeoutMs: 300 };
    const blockAfterMs = 200;
    const { stateDir, supervisor } = startSupervisor({
      workers: [
        {
          name: 'spinner',
          script: fixtureWorker('lc-busy-loop'),
          env: { ONCE_FILE: 'blocked-once', BLOCK_AFTER_MS: String(blockAfterMs) },
          ...timeouts,
        },
      ],
    });
    await supervisor.waitReady(2, 15_000);
    supervisor.signal('SIGTERM');
    await supervisor.exited;

    const [stop, restart] = historyJson(stateDir);
    expect(restart).to.include({ reason: 'unresponsive', trigger: 'heartbeat-timeout' });
    expect(restart!.workers[0]).to.include({
      name: 'spinner',
      outcome: 'killed',
      signal: 'SIGKILL',
    });
    expect(stop).to.include({ reason: 'shutdown', outcome: 'clean' });
    const kinds = showJson(stateDir, restart!.id).events.map((event) => event.kind);
    expectInOrder(kinds, ['drain-sent', 'kill-signal', 'sigkill', 'exit']);
    expect(kinds).to.include.members(['spawned', 'ready']);

    const events = lifecycleEvents(stateDir, 'spinner');
    const spawns = events.filter((event) => event.kind === 'spawn').map((e) => Date.parse(e.at));
    expect(spawns).to.have.length(2);
    const budget = blockAfterMs + timeouts.heartbeatTimeoutMs + timeouts.graceMs;
    const restartedAfter = spawns[1]! - timeOf(events, 'spinner', 'ready');
    console.log(`      blocked worker replaced ${restartedAfter} ms after it was ready`);
    expect(restartedAfter).to.be.within(budget, budget + timeouts.killTimeoutMs + 1000);
    expect(events.find((event) => event.kind === 'restart')!.detail).to.include({
      reason: 'unresponsive',
    });
  });

  it('gives a worker over maxMemoryMb a graceful restart with reason memory-limit', async () => {
    const { stateDir, supervisor } = startSupervisor({
      monitorIntervalMs: 200,
      workers: [
        {
          name: 'hog',
          script: fixtureWorker('lc-memory-hog'),
          env: { ONCE_FILE: 'hogged-once' },
          maxMemoryMb: 150,
          graceMs: 3000,
        },
      ],
    });
    await supervisor.waitReady(2, 20_000);
    supervisor.signal('SIGTERM');
    await supervisor.exited;

    const restart = historyJson(stateDir).find((entry) => entry.reason === 'memory-limit');
    expect(restart).to.include({ trigger: 'memory-limit', outcome: 'clean' });
    expect(restart!.workers[0]).to.include({ name: 'hog', outcome: 'drained', exitCode: 0 });
    const detail = showJson(stateDir, restart!.id);
    const kinds = detail.events.map((event) => event.kind);
    expectInOrder(kinds, ['drain-sent', 'drain-received', 'tasks-done', 'drained']);
    expect(detail.workers[0]!.report).to.include({ reason: 'memory-limit', clean: true });
    const why = lifecycleEvents(stateDir).find((event) => event.kind === 'restart')!.detail;
    expect(why.memoryMb).to.be.above(150);
  });
});

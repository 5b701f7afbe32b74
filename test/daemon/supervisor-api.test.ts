import { expect } from 'chai';
import { pino } from 'pino';

import { loadConfig } from '../../config/index.js';
import { Supervisor } from '../../daemon/supervisor.js';
import { openHistory, openHistoryReader } from '../../history/index.js';
import { fixtureWorker } from '../support/paths.js';
import { reapLater } from '../support/reaper.js';
import { makeTempDir, writeConfig } from '../support/temp-dir.js';
import { waitUntil } from './lifecycle-support.js';

/** A supervisor in this process on a config of `workers`, its instances ready. */
async function startInProcess(workers: object[]) {
  const dir = makeTempDir('gs-api-');
  const config = await loadConfig(writeConfig(dir, { workers }));
  const history = openHistory(config.stateDir, pino({ level: 'silent' }));
  const supervisor = new Supervisor(config, history, pino({ level: 'silent' }));
  supervisor.start();
  const allReady = () => supervisor.slots.every((slot) => slot.current?.state === 'ready');
  await waitUntil(allReady, 10_000, 'every instance to be ready');
  return { supervisor, history, stateDir: config.stateDir };
}

function reapInstances(supervisor: Supervisor): void {
  for (const instance of supervisor.instances) reapLater(instance.pid);
}

const WORKER = {
  name: 'jobs',
  script: fixtureWorker('lc-ready'),
  instances: 2,
  env: { DRAIN_MS: '50' },
  graceMs: 2000,
};

describe('Supervisor.restart() and reload()', function () {
  this.timeout(30_000);

  it('restart() drains each instance, then starts a new one, in one history entry', async () => {
    const { supervisor, history, stateDir } = await startInProcess([WORKER]);
    reapInstances(supervisor);
    const before = supervisor.instances.map((instance) => instance.pid);

    const result = await supervisor.restart('jobs', 'cli');
    reapInstances(supervisor);
    const after = supervisor.instances.map((instance) => instance.pid);
    await supervisor.shutdown('test');
    history.close();

    expect(result).to.deep.include({ ok: true, outcome: 'clean', replaced: ['jobs#0', 'jobs#1'] });
    expect(after).to.have.length(2);
    expect(after.some((pid) => before.includes(pid))).to.equal(false);
    const reader = openHistoryReader(stateDir);
    const entry = reader.getShutdown(Number(result.shutdownId));
    reader.close();
    expect(entry).to.deep.include({ reason: 'restart', trigger: 'cli', outcome: 'clean' });
    expect(entry!.workers.map((worker) => [worker.pid, worker.outcome])).to.deep.equal(
      before.map((pid) => [pid, 'drained']),
    );
  });

  it('reload() replaces fork-mode instances that need no shared port', async () => {
    const { supervisor, history } = await startInProcess([WORKER]);
    reapInstances(supervisor);

    const result = await supervisor.reload(undefined, 'cli');
    reapInstances(supervisor);
    await supervisor.shutdown('test');
    history.close();

    expect(result).to.deep.include({ ok: true, outcome: 'clean', replaced: ['jobs#0', 'jobs#1'] });
  });

  it('reload() replaces reloadBatch instances at a time', async () => {
    const { supervisor, history, stateDir } = await startInProcess([
      { ...WORKER, instances: 4, reloadBatch: 2 },
    ]);
    reapInstances(supervisor);

    const result = await supervisor.reload(['jobs'], 'cli');
    reapInstances(supervisor);
    await supervisor.shutdown('test');
    history.close();

    const reader = openHistoryReader(stateDir);
    const events = reader.getShutdown(Number(result.shutdownId))!.events;
    reader.close();
    const steps = events
      .filter((event) => event.kind === 'spawned' || event.kind === 'drain-sent')
      .map((event) => `${event.kind} ${event.worker}#${event.instance}`);
    expect(steps.slice(0, 2).sort()).to.deep.equal(['spawned jobs#0', 'spawned jobs#1']);
    expect(steps.slice(4, 6).sort()).to.deep.equal(['spawned jobs#2', 'spawned jobs#3']);
    expect(steps.slice(2, 4).sort()).to.deep.equal(['drain-sent jobs#0', 'drain-sent jobs#1']);
  });

  it('refuses unknown workers, and anything once the shutdown has begun', async () => {
    const { supervisor, history } = await startInProcess([{ ...WORKER, instances: 1 }]);
    reapInstances(supervisor);

    const unknown = await supervisor.reload(['jobs', 'nope'], 'cli');
    const stopping = supervisor.shutdown('test');
    const late = await supervisor.restart('jobs', 'cli');
    await stopping;
    history.close();

    expect(unknown).to.deep.equal({
      ok: false,
      shutdownId: null,
      outcome: null,
      replaced: [],
      error: { code: 'ERR_UNKNOWN_WORKER', message: 'no worker named "nope"' },
    });
    expect(late.error).to.deep.include({ code: 'ERR_SHUTTING_DOWN' });
  });
});

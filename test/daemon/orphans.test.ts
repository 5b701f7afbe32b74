import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect } from 'chai';

import { historyJson } from '../support/history-cli.js';
import { fixtureWorker } from '../support/paths.js';
import { isAlive } from '../support/reaper.js';
import { runCli } from '../support/run-cli.js';
import { SupervisorProcess } from '../support/supervisor-process.js';
import { startSupervisor, waitUntil, type Started } from './lifecycle-support.js';

const GRACE_MS = 2000;

// PID_FILE is relative to the workers' cwd, the config file's folder.
const BUSY_WORKERS = {
  workers: [
    {
      name: 'busy',
      script: fixtureWorker('lc-busy-with-child'),
      instances: 4,
      env: { PID_FILE: 'pids', DRAIN_MS: '500' },
      graceMs: GRACE_MS,
    },
  ],
};

/** The 4 workers' pids and their 4 grandchildren's, once every worker is ready. */
async function startBusy(): Promise<Started & { pids: number[] }> {
  const started = startSupervisor(BUSY_WORKERS);
  await started.supervisor.waitReady(4);
  const pids = readFileSync(join(started.dir, 'pids'), 'utf8').trim().split('\n').map(Number);
  expect(pids).to.have.length(8);
  return { ...started, pids };
}

/** Resolves with how long it took for every pid to be gone; fails after `limitMs`. */
async function msUntilAllGone(pids: number[], limitMs: number): Promise<number> {
  const from = Date.now();
  await waitUntil(() => pids.every((pid) => !isAlive(pid)), limitMs, 'every process to end');
  return Date.now() - from;
}

describe('processes that outlive their supervisor (real processes)', function () {
  this.timeout(30_000);

  it('leaves no worker nor grandchild within grace + 1 s of a SIGKILL mid-shutdown', async () => {
    const { stateDir, supervisor, pids, dir } = await startBusy();
    supervisor.signal('SIGTERM');
    await supervisor.waitForLog((line) => line.msg === 'shutdown started');
    supervisor.signal('SIGKILL');
    await supervisor.exited;

    const goneAfterMs = await msUntilAllGone(pids, GRACE_MS + 1000);
    console.log(`      8 processes gone ${goneAfterMs} ms after the SIGKILL`);

    const next = SupervisorProcess.start(join(dir, 'app.config.json'));
    await next.waitReady(4);
    next.signal('SIGTERM');
    const exit = await next.exited;
    expect(exit.code).to.equal(0);
    expect(next.logs.map((line) => line.msg)).to.include.members([
      'took over the state directory of a dead supervisor',
      'unfinished shutdowns marked incomplete',
    ]);
    const [second, first] = historyJson(stateDir);
    expect(first).to.include({ trigger: 'SIGTERM', outcome: 'incomplete' });
    expect(second).to.include({ trigger: 'SIGTERM', outcome: 'clean' });
  });

  it('lets idle workers drain on their own when the supervisor is SIGKILLed', async () => {
    const { supervisor, pids } = await startBusy();
    supervisor.signal('SIGKILL');
    await supervisor.exited;

    const goneAfterMs = await msUntilAllGone(pids, GRACE_MS + 1000);

    // Each drain's task takes 500 ms: the workers drained rather than died with the channel.
    expect(goneAfterMs).to.be.at.least(400);
  });

  it('refuses a second supervisor on one state directory, naming the running one', async () => {
    const { dir, supervisor } = await startBusy();

    const second = runCli(['start', join(dir, 'app.config.json')]);
    supervisor.signal('SIGTERM');
    await supervisor.exited;

    expect(second.status).to.equal(1);
    expect(second.stderr).to.equal(
      `supervisor: another supervisor (pid ${supervisor.pid}) is already running on the state ` +
        `directory ${join(dir, '.supervisor')}: stop it first, or give this config another ` +
        'stateDir\n',
    );
  });
});

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

import { expect } from 'chai';

import { cliPath, fixtureWorker } from '../support/paths.js';
import { reapLater } from '../support/reaper.js';
import { runCli } from '../support/run-cli.js';
import { SupervisorProcess } from '../support/supervisor-process.js';
import { makeTempDir, writeConfig } from '../support/temp-dir.js';

async function startDaemon(): Promise<{ supervisor: SupervisorProcess; stateDir: string }> {
  const dir = makeTempDir();
  const config = writeConfig(dir, {
    stateDir: 'state',
    workers: [{ name: 'jobs', script: fixtureWorker('slow-task'), env: { TASK_STOP_MS: '200' } }],
  });
  const supervisor = SupervisorProcess.start(config);
  await supervisor.waitReady(1);
  return { supervisor, stateDir: join(dir, 'state') };
}

describe('supervisor reload, restart, events and logLevel (real daemon)', function () {
  this.timeout(30_000);

  it('reload and restart replace the instances and name the history entry', async () => {
    const { stateDir } = await startDaemon();

    const reload = runCli(['reload', '--state-dir', stateDir]);
    const restart = runCli(['restart', 'jobs', '--state-dir', stateDir, '--json']);
    const unknown = runCli(['restart', 'nobody', '--state-dir', stateDir]);
    const history = runCli(['history', '--state-dir', stateDir, '--json']);

    expect(reload.status, reload.stderr).to.equal(0);
    expect(reload.stdout).to.match(
      /^reload of every worker: done: jobs#0 replaced; see supervisor show \d+$/m,
    );
    expect(restart.status, restart.stderr).to.equal(0);
    expect(JSON.parse(restart.stdout)).to.deep.include({ ok: true, replaced: ['jobs#0'] });
    expect(unknown.status).to.equal(1);
    expect(unknown.stdout).to.include('no worker named "nobody"');
    const reasons = (JSON.parse(history.stdout) as { reason: string }[]).map((s) => s.reason);
    expect(reasons).to.deep.equal(['restart', 'reload']);
  });

  it('restart with a name that is not a worker name exits 2 without asking the daemon', () => {
    const result = runCli(['restart', '../etc', '--state-dir', makeTempDir()]);

    expect(result.status).to.equal(2);
    expect(result.stderr).to.include("a worker name is 1 to 64 letters, digits, '-' or '_'");
  });

  it('events --follow --json streams the events of a stop until the daemon exits', async () => {
    const { supervisor, stateDir } = await startDaemon();
    const follow = spawn(
      process.execPath,
      [cliPath, 'events', '--follow', '--json', '--state-dir', stateDir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    reapLater(follow.pid);
    let output = '';
    follow.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // Nothing marks the moment the follower has subscribed; a second is ample to connect.
    await new Promise((resolve) => setTimeout(resolve, 1000));

    supervisor.signal('SIGTERM');
    const [code] = (await once(follow, 'exit')) as [number | null];

    const events = output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(code).to.equal(0);
    expect(events.map((event) => event.type)).to.include.members([
      'shutdown-started',
      'worker-state',
      'drain-progress',
      'shutdown-finished',
    ]);
    expect(events.at(-1)).to.include({ type: 'shutdown-finished', outcome: 'clean' });
    const states = events.filter((event) => event.type === 'worker-state').map((event) => event.to);
    expect(states).to.deep.equal(['draining', 'stopped']);
  });

  it("start takes the daemon's own log level from the config's logLevel", async () => {
    const dir = makeTempDir();
    const config = writeConfig(dir, {
      stateDir: 'state',
      logLevel: 'warn',
      workers: [{ name: 'jobs', script: fixtureWorker('slow-task') }],
    });
    const supervisor = SupervisorProcess.start(config);
    await waitForStatus(join(dir, 'state'));

    supervisor.signal('SIGTERM');
    const { code } = await supervisor.exited;

    expect(code).to.equal(0);
    expect(supervisor.logs.filter((line) => line.level < 40)).to.deep.equal([]);
  });
});

/** Resolves once `status` answers (a daemon logging at warn says nothing when it is ready). */
async function waitForStatus(stateDir: string): Promise<void> {
  const until = Date.now() + 10_000;
  while (runCli(['status', '--state-dir', stateDir]).status !== 0) {
    if (Date.now() > until) throw new Error('status never answered');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

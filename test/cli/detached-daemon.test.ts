import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { expect } from 'chai';

import { hasAnsi } from '../support/ansi.js';
import { fixtureWorker } from '../support/paths.js';
import { isAlive } from '../support/reaper.js';
import { runCli } from '../support/run-cli.js';
import { makeTempDir, writeConfig, writeText } from '../support/temp-dir.js';
import { startDetached, statusJson } from './daemon-helpers.js';

const PHASES = ['drain-received', 'http-closed', 'http-idle', 'tasks-done', 'drained'];

function writeApp(dir: string, workers: Record<string, unknown>[]): string {
  return writeConfig(dir, { stateDir: 'state', workers });
}

describe('supervisor start --detach, status and stop (real daemon)', function () {
  this.timeout(30_000);

  it('start --detach waits for every instance; status --json lists pid, state, memory', () => {
    const dir = makeTempDir();
    const stateDir = join(dir, 'state');
    const config = writeApp(dir, [
      { name: 'jobs', script: fixtureWorker('slow-task'), instances: 2 },
      { name: 'batch', script: fixtureWorker('slow-task'), env: { TASK_STOP_MS: '300' } },
    ]);

    const started = startDetached(config, stateDir);

    expect(started.status, started.stderr).to.equal(0);
    expect(started.stdout).to.include(`log ${join(stateDir, 'supervisor.log')}`);
    const { supervisor, workers } = statusJson(stateDir);
    expect(isAlive(supervisor.pid)).to.equal(true);
    expect(workers.map((w) => `${w.worker}#${w.instance}`)).to.deep.equal([
      'jobs#0',
      'jobs#1',
      'batch#0',
    ]);
    for (const worker of workers) {
      expect(worker.state).to.equal('ready');
      expect(worker.pid).to.be.a('number');
      expect(isAlive(worker.pid!), `${worker.worker} pid alive`).to.equal(true);
      expect(worker.memoryBytes).to.be.greaterThan(1024 * 1024);
      expect(worker.uptimeMs).to.be.at.least(0);
      expect(worker.restarts).to.equal(0);
    }
    const table = runCli(['status', '--state-dir', stateDir]);
    expect(table.status).to.equal(0);
    expect(table.stdout).to.match(/WORKER +INSTANCE +PID +STATE +UPTIME +RESTARTS +CPU +MEMORY/);
    expect(table.stdout).to.match(/batch +0 +\d+ +ready +\d+ s +0 +[\d.]+ % +[\d.]+ MiB/);
    expect(hasAnsi(table.stdout), 'no colour off a terminal').to.equal(false);
    const forced = runCli(['status', '--state-dir', stateDir], { env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).to.include('\u001b[32mready');
    const noColor = { FORCE_COLOR: '1', NO_COLOR: '' };
    expect(hasAnsi(runCli(['status', '--state-dir', stateDir], { env: noColor }).stdout)).to.equal(
      false,
    );
  });

  it("stop exits 0 after a clean drain, its progress having shown each worker's phases", () => {
    const dir = makeTempDir();
    const stateDir = join(dir, 'state');
    const config = writeApp(dir, [
      { name: 'jobs', script: fixtureWorker('slow-task'), env: { TASK_STOP_MS: '400' } },
      { name: 'batch', script: fixtureWorker('slow-task'), instances: 2 },
    ]);
    expect(startDetached(config, stateDir).status).to.equal(0);
    const { supervisor } = statusJson(stateDir);

    const stop = runCli(['stop', '--state-dir', stateDir]);

    expect(stop.status, stop.stderr).to.equal(0);
    for (const instance of ['jobs#0', 'batch#0', 'batch#1']) {
      const lines = stop.stdout.split('\n').filter((line) => line.includes(` ${instance} `));
      const seen = PHASES.filter((phase) => lines.some((line) => line.includes(` ${phase} `)));
      expect(seen, `${instance} phases in:\n${stop.stdout}`).to.deep.equal(PHASES);
      expect(lines.some((line) => line.includes('draining -> stopped'))).to.equal(true);
      expect(lines.some((line) => /in flight 0 +\d+(\.\d+)? m?s left/.test(line))).to.equal(true);
    }
    expect(stop.stdout).to.include('stopped: clean');
    expect(isAlive(supervisor.pid)).to.equal(false);
    expect(existsSync(join(stateDir, 'supervisor.sock'))).to.equal(false);
  });

  it('stop exits 1 when a worker had to be killed', () => {
    const dir = makeTempDir();
    const stateDir = join(dir, 'state');
    const script = fixtureWorker('ignores-drain');
    const config = writeApp(dir, [{ name: 'stuck', script, graceMs: 300, killTimeoutMs: 200 }]);
    expect(startDetached(config, stateDir).status).to.equal(0);

    const stop = runCli(['stop', '--state-dir', stateDir, '--json']);

    expect(stop.status, stop.stderr).to.equal(1);
    expect(JSON.parse(stop.stdout)).to.deep.equal({ outcome: 'forced' });
  });

  it('start --detach exits 1 and names the instance when a worker fails to start', () => {
    const dir = makeTempDir();
    const stateDir = join(dir, 'state');
    const crashing = writeText(dir, 'crashes.js', "console.error('no database'); process.exit(4);");
    const config = writeApp(dir, [
      { name: 'jobs', script: fixtureWorker('slow-task') },
      // Not restarted, so that `status` shows it crashed rather than on its way back.
      { name: 'broken', script: crashing, restart: 'never' },
    ]);

    const started = startDetached(config, stateDir);

    expect(started.status).to.equal(1);
    expect(started.stderr).to.match(/^supervisor: not ready: broken#0/m);
    expect(statusJson(stateDir).workers.map((w) => w.state)).to.deep.equal(['ready', 'crashed']);
    const logs = runCli(['logs', 'broken', '--state-dir', stateDir]);
    expect(logs.stdout).to.match(/broken#0 +stderr \| no database/);
  });
});

describe('supervisor commands with no daemon running', () => {
  for (const command of [['status'], ['stop'], ['reload', 'web'], ['restart', 'web']]) {
    it(`${command.join(' ')} exits 3, saying how to start one`, () => {
      const dir = makeTempDir();

      const result = runCli([...command, '--state-dir', join(dir, 'state')]);

      expect(result.status).to.equal(3);
      expect(result.stdout).to.equal('');
      expect(result.stderr).to.match(
        /^supervisor: no supervisor is running for .*state .*`supervisor start <config> --detach`/,
      );
    });
  }

  it('status exits 3 when a dead daemon left its socket file behind', () => {
    const dir = makeTempDir();
    writeText(dir, 'state/supervisor.sock', '');

    const result = runCli(['status', '--state-dir', join(dir, 'state')]);

    expect(result.status).to.equal(3);
    expect(result.stderr).to.include('no supervisor is running');
  });

  it('start and status exit 2 for a state directory too deep for a Unix socket path', () => {
    const dir = makeTempDir();
    const stateDir = join(dir, 'd'.repeat(100));
    const config = writeConfig(dir, {
      stateDir,
      workers: [{ name: 'jobs', script: fixtureWorker('slow-task') }],
    });

    const start = runCli(['start', config]);
    const status = runCli(['status', '--state-dir', stateDir]);

    for (const result of [start, status]) {
      expect(result.status).to.equal(2);
      expect(result.stderr).to.match(/may be at most 107: choose a shorter stateDir\n$/);
    }
    expect(existsSync(stateDir), 'nothing created').to.equal(false);
  });
});

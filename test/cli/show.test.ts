import { expect } from 'chai';

import {
  makeTempDir,
  writeSampleHistory,
  type SampleIds,
  type TempDir,
} from '../history/history-fixtures.js';
import { runCli } from '../support/run-cli.js';

interface ShownEvent {
  offsetMs: number;
  at: string;
  worker: string | null;
  instance: number | null;
  kind: string;
  detail: Record<string, unknown>;
}

interface Shown {
  id: number;
  workers: Record<string, unknown>[];
  events: ShownEvent[];
}

describe('supervisor show', () => {
  let dir: TempDir;
  let ids: SampleIds;

  beforeEach(() => {
    dir = makeTempDir();
    ids = writeSampleHistory(dir.path);
  });

  afterEach(() => {
    dir.remove();
  });

  it('--json prints the shutdown with its workers, reports and timeline', () => {
    const result = runCli(['show', String(ids.forced), '--state-dir', dir.path, '--json']);

    expect(result.status).to.equal(0);
    const shown = JSON.parse(result.stdout) as Shown;
    expect(Object.keys(shown)).to.include.members([
      'id',
      'reason',
      'trigger',
      'startedAt',
      'finishedAt',
      'durationMs',
      'outcome',
      'workers',
      'events',
    ]);
    expect(shown).to.include({ id: ids.forced, outcome: 'forced', durationMs: 6410 });
    expect(shown.workers[2]).to.include({
      name: 'jobs',
      outcome: 'killed',
      signal: 'SIGKILL',
      report: null,
    });
    expect(shown.workers[1]).to.have.nested.property('report.tasks[0].outcome', 'timed-out');
    expect(shown.events[0]).to.deep.equal({
      offsetMs: 0,
      at: '2024-05-01T12:00:00.000Z',
      worker: null,
      instance: null,
      kind: 'shutdown-started',
      detail: { pids: 3 },
    });
    expect(shown.events.find((event) => event.kind === 'sigkill')).to.include({
      offsetMs: 6400,
      worker: 'jobs',
      instance: 0,
    });
  });

  it('prints the header, then the chart, without the event list by default', () => {
    const result = runCli(['show', String(ids.forced), '--state-dir', dir.path]);

    expect(result.status).to.equal(0);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 9)).to.deep.equal([
      `Shutdown ${ids.forced}`,
      '  reason    shutdown',
      '  trigger   SIGTERM',
      '  started   2024-05-01 12:00:00.000',
      '  host      test-host (supervisor pid 1000)',
      '  duration  6410 ms',
      '  outcome   forced',
      '',
      'Timeline',
    ]);
    expect(lines[9]).to.match(/^ {2}web#0 {3}=+\*.* drained +388 ms$/);
    expect(result.stdout).not.to.include('http-closed');
  });

  it('--events adds each worker with its events and their offsets', () => {
    const result = runCli(['show', String(ids.forced), '--state-dir', dir.path, '--events']);

    expect(result.status).to.equal(0);
    const lines = result.stdout.split('\n');
    expect(lines).to.include('    +  12 ms  web#0       http-closed       inflight=10');
    expect(lines).to.include(
      '  jobs#0  pid 2002  killed after 6001 ms  (signal SIGKILL; signal drain, grace 1000 ms)',
    );
    const headings = lines.filter((line) => /^ {2}\S+#\d+ {2}pid /.test(line));
    const workers = headings.map((line) => line.split(' ')[2]);
    expect(workers).to.deep.equal(['web#0', 'web#1', 'jobs#0']);
  });

  it('ends with what was cut off: requests, tasks, resources and killed workers', () => {
    const result = runCli(['show', String(ids.forced), '--state-dir', dir.path]);

    const cutOff = result.stdout.split('\nCut off\n')[1]!.split('\n');
    expect(cutOff).to.deep.equal([
      '  web#1   GET /slow, running for 5003 ms',
      '  web#1   1 socket destroyed at the deadline',
      '  web#1   task outbox timed out after 3000 ms',
      '  web#1   resource db failed after 4 ms: ECONNRESET',
      '  jobs#0  killed by signal SIGKILL after its 1000 ms grace',
      '',
    ]);
  });

  it('says so when nothing was cut off', () => {
    const result = runCli(['show', String(ids.reload), '--state-dir', dir.path]);

    expect(result.status).to.equal(0);
    expect(result.stdout).to.match(/\nNothing was cut off\.\n$/);
  });

  it('prints no colour when NO_COLOR is set, even with FORCE_COLOR', () => {
    const args = ['show', String(ids.forced), '--state-dir', dir.path];
    const forced = runCli(args, { env: { FORCE_COLOR: '1' } });
    const refused = runCli(args, { env: { FORCE_COLOR: '1', NO_COLOR: '' } });

    expect(forced.stdout).to.include('\u001b[');
    expect(refused.stdout).not.to.include('\u001b[');
  });

  it('exits 1 with a clear message for an id that does not exist', () => {
    const result = runCli(['show', '999', '--state-dir', dir.path]);

    expect(result.status).to.equal(1);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.match(/^supervisor: no shutdown 999 in .*history\.db/);
  });

  it('exits 1 when there is no history', () => {
    const result = runCli(['show', '1', '--state-dir', `${dir.path}/none`]);

    expect(result.status).to.equal(1);
    expect(result.stderr).to.match(/^supervisor: no history at /);
  });

  for (const id of ['abc', '0', '1.5']) {
    it(`exits 2 for the id ${id}`, () => {
      const result = runCli(['show', id, '--state-dir', dir.path]);

      expect(result.status).to.equal(2);
      expect(result.stdout).to.equal('');
      expect(result.stderr).to.include(`'${id}' is invalid`);
    });
  }

  it('--help shows an example and the exit codes', () => {
    const result = runCli(['show', '--help']);

    expect(result.status).to.equal(0);
    expect(result.stdout).to.include('$ supervisor show 42 --json');
    expect(result.stdout).to.include('Exit codes:');
  });
});

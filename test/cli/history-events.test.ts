import { expect } from 'chai';

import type { LifecycleEntry } from '../../history/index.js';
import { makeTempDir, openTestHistory, T0, type TempDir } from '../history/history-fixtures.js';
import { runCli } from '../support/run-cli.js';

function writeLifecycle(stateDir: string): void {
  const { writer } = openTestHistory(stateDir);
  const events = [
    { at: T0, worker: 'web', instance: 0, pid: 101, kind: 'spawn', detail: { mode: 'fork' } },
    { at: T0 + 40, worker: 'jobs', instance: 0, pid: 102, kind: 'spawn' },
    { at: T0 + 120, worker: 'web', instance: 0, pid: 101, kind: 'ready' },
    { at: T0 + 300, worker: 'jobs', instance: 0, pid: 102, kind: 'crash', detail: { code: 1 } },
    {
      at: T0 + 301,
      worker: 'jobs',
      instance: 0,
      pid: 102,
      kind: 'restart',
      detail: { delayMs: 100 },
    },
  ] as const;
  for (const event of events) writer.recordLifecycle({ ...event });
  writer.close();
}

function eventsJson(stateDir: string, ...args: string[]): LifecycleEntry[] {
  const result = runCli(['history', '--events', '--state-dir', stateDir, '--json', ...args]);
  expect(result.status, result.stderr).to.equal(0);
  return JSON.parse(result.stdout) as LifecycleEntry[];
}

describe('supervisor history --events', () => {
  let dir: TempDir;

  beforeEach(() => {
    dir = makeTempDir();
    writeLifecycle(dir.path);
  });

  it('--json lists every lifecycle event newest first, with its detail', () => {
    const entries = eventsJson(dir.path);

    expect(entries.map((entry) => entry.kind)).to.deep.equal([
      'restart',
      'crash',
      'ready',
      'spawn',
      'spawn',
    ]);
    expect(entries[0]).to.deep.include({
      at: '2024-05-01T12:00:00.301Z',
      worker: 'jobs',
      instance: 0,
      pid: 102,
      detail: { delayMs: 100 },
    });
  });

  it('--worker keeps one worker, and --limit the newest', () => {
    expect(eventsJson(dir.path, '--worker', 'web').map((entry) => entry.kind)).to.deep.equal([
      'ready',
      'spawn',
    ]);
    expect(eventsJson(dir.path, '--limit', '2').map((entry) => entry.kind)).to.deep.equal([
      'restart',
      'crash',
    ]);
  });

  it('prints a table with local times to the millisecond, and details as key=value', () => {
    const result = runCli(['history', '--events', '--state-dir', dir.path]);

    expect(result.status).to.equal(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).to.match(/^TIME\s+WORKER\s+PID\s+EVENT\s+DETAIL$/);
    expect(lines[1]).to.match(/^2024-05-01 12:00:00\.301\s+jobs#0\s+102\s+restart\s+delayMs=100$/);
    expect(lines).to.have.length(6);
  });

  it('says so when a worker has no events, and exits 2 for --worker without --events', () => {
    const none = runCli(['history', '--events', '--worker', 'nobody', '--state-dir', dir.path]);
    const misuse = runCli(['history', '--worker', 'web', '--state-dir', dir.path]);

    expect(none.status).to.equal(0);
    expect(none.stdout).to.include('No lifecycle events recorded yet for worker "nobody"');
    expect(misuse.status).to.equal(2);
    expect(misuse.stderr).to.equal('supervisor: --worker only applies with --events\n');
  });
});

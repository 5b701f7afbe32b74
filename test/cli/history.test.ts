import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect } from 'chai';

import {
  makeTempDir,
  openTestHistory,
  writeSampleHistory,
  type SampleIds,
  type TempDir,
} from '../history/history-fixtures.js';
import { runCli } from '../support/run-cli.js';

const ESCAPE = '\u001b[';

describe('supervisor history', () => {
  let dir: TempDir;
  let ids: SampleIds;

  beforeEach(() => {
    dir = makeTempDir();
    ids = writeSampleHistory(dir.path);
  });

  afterEach(() => {
    dir.remove();
  });

  it('--json prints every shutdown newest first, in the documented shape', () => {
    const result = runCli(['history', '--state-dir', dir.path, '--json']);

    expect(result.status).to.equal(0);
    const shutdowns = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(shutdowns.map((shutdown) => shutdown.id)).to.deep.equal([
      ids.running,
      ids.reload,
      ids.forced,
    ]);
    expect(shutdowns[1]).to.deep.equal({
      id: ids.reload,
      reason: 'reload',
      trigger: 'cli',
      startedAt: '2024-05-01T12:01:00.000Z',
      finishedAt: '2024-05-01T12:01:00.450Z',
      durationMs: 450,
      outcome: 'clean',
      workers: [
        {
          name: 'web',
          instance: 0,
          pid: 2100,
          outcome: 'drained',
          graceMs: 5000,
          inflightAtDrain: 0,
          drainMs: 444,
          exitCode: 0,
          signal: null,
        },
      ],
    });
    expect(shutdowns[0]).to.include({ finishedAt: null, durationMs: null, outcome: null });
  });

  it('prints a table, newest first, with local times and worker outcomes', () => {
    const result = runCli(['history', '--state-dir', dir.path]);

    expect(result.status).to.equal(0);
    const table = [
      'ID  STARTED              REASON        TRIGGER       DURATION  OUTCOME     WORKERS',
      ' 3  2024-05-01 12:02:00  memory-limit  memory-limit         -  unfinished  -',
      ' 2  2024-05-01 12:01:00  reload        cli             450 ms  clean       1 drained',
      ' 1  2024-05-01 12:00:00  shutdown      SIGTERM        6410 ms  forced      ' +
        '2 drained, 1 killed',
    ];
    expect(result.stdout).to.equal(`${table.join('\n')}\n`);
  });

  it('--limit lists only the newest shutdowns', () => {
    const result = runCli(['history', '--state-dir', dir.path, '--limit', '1', '--json']);

    const shutdowns = JSON.parse(result.stdout) as { id: number }[];
    expect(shutdowns.map((shutdown) => shutdown.id)).to.deep.equal([ids.running]);
  });

  it('finds the history through the config file, relative to its folder', () => {
    const project = join(dir.path, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'app.config.json'), JSON.stringify({ stateDir: '..' }));

    const byDefault = runCli(['history', '--json'], { cwd: project });
    const byFlag = runCli(['history', '--json', '--config', join(project, 'app.config.json')]);

    expect(byDefault.status).to.equal(0);
    expect(JSON.parse(byDefault.stdout)).to.have.length(3);
    expect(byFlag.stdout).to.equal(byDefault.stdout);
  });

  it('colours the table only when asked, and never when NO_COLOR is set', () => {
    const plain = runCli(['history', '--state-dir', dir.path]);
    const forced = runCli(['history', '--state-dir', dir.path], { env: { FORCE_COLOR: '1' } });
    const refused = runCli(['history', '--state-dir', dir.path], {
      env: { FORCE_COLOR: '1', NO_COLOR: '1' },
    });

    expect(plain.stdout).not.to.include(ESCAPE);
    expect(forced.stdout).to.include(`${ESCAPE}31mforced`);
    expect(refused.stdout).to.equal(plain.stdout);
  });

  it('exits 1 with one line and no stack trace when there is no history', () => {
    const empty = join(dir.path, 'empty');
    const result = runCli(['history', '--state-dir', empty]);

    expect(result.status).to.equal(1);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.equal(
      `supervisor: no history at ${join(empty, 'history.db')} (nothing has been recorded yet)\n`,
    );
  });

  it('exits 0 with a note, or [] with --json, when the history holds no shutdown yet', () => {
    const stateDir = join(dir.path, 'fresh');
    openTestHistory(stateDir).writer.close();

    const text = runCli(['history', '--state-dir', stateDir]);
    const json = runCli(['history', '--state-dir', stateDir, '--json']);

    expect(text.status).to.equal(0);
    expect(text.stdout).to.match(/^No shutdowns recorded yet in .*history\.db\.\n$/);
    expect(json.stdout).to.equal('[]\n');
  });

  for (const limit of ['0', '-3', 'ten', '2.5']) {
    it(`exits 2 for --limit ${limit}`, () => {
      const result = runCli(['history', '--state-dir', dir.path, '--limit', limit]);

      expect(result.status).to.equal(2);
      expect(result.stdout).to.equal('');
      expect(result.stderr).to.include('--limit');
    });
  }

  it('exits 2 when the config file is missing', () => {
    const result = runCli(['history', '--config', join(dir.path, 'missing.json')]);

    expect(result.status).to.equal(2);
    expect(result.stderr).to.match(/^supervisor: .*missing\.json: file not found/);
  });

  it('--help shows an example and the exit codes', () => {
    const result = runCli(['history', '--help']);

    expect(result.status).to.equal(0);
    expect(result.stdout).to.include('$ supervisor history --limit 5 --json');
    expect(result.stdout).to.include('Exit codes:');
  });
});

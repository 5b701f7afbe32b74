import { join } from 'node:path';

import { expect } from 'chai';

import { runCli } from '../support/run-cli.js';
import { makeTempDir, writeConfig, writeText } from '../support/temp-dir.js';

function writeApp(workers: unknown[]): string {
  const dir = makeTempDir();
  writeText(dir, 'web.js', '// never run\n');
  return writeConfig(dir, { stateDir: 'state', workers });
}

const VALID = [
  { name: 'web', script: 'web.js', instances: 3, graceMs: 8000, env: { TOKEN: 'secret' } },
  { name: 'legacy', script: 'web.js', drain: 'signal', stopSignal: 'SIGINT' },
];

describe('supervisor validate', () => {
  it('prints ok with the workers, instances and graces of a valid config', () => {
    const file = writeApp(VALID);
    const result = runCli(['validate', file]);

    expect(result.status, result.stderr).to.equal(0);
    expect(result.stdout.split('\n')).to.deep.equal([
      `ok: ${file}`,
      '  2 workers, 4 instances',
      `  state directory ${join(file, '..', 'state')}`,
      '',
      'WORKER  INSTANCES    GRACE  THEN                            DRAIN          DEPENDS ON',
      'web             3  8000 ms  SIGTERM, SIGKILL 5000 ms later  ipc            -',
      'legacy          1  30.00 s  SIGTERM, SIGKILL 5000 ms later  signal SIGINT  -',
      '',
    ]);
  });

  it('--json prints the normalized workers, without env values', () => {
    const file = writeApp(VALID);
    const result = runCli(['validate', file, '--json']);

    expect(result.status, result.stderr).to.equal(0);
    const summary = JSON.parse(result.stdout) as { ok: boolean; workers: object[] };
    expect(summary.ok).to.equal(true);
    expect(summary.workers[0]).to.deep.include({ name: 'web', instances: 3, graceMs: 8000 });
    expect(summary.workers[1]).to.deep.include({ drain: 'signal', killTimeoutMs: 5000 });
    expect(result.stdout).not.to.include('secret');
  });

  it('exits 2 and names the field of an invalid config', () => {
    const result = runCli(['validate', writeApp([{ name: 'web', script: 'web.js', graceMs: -1 }])]);

    expect(result.status).to.equal(2);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.match(/^supervisor: .*workers\[0\]\.graceMs: must be an integer/);
  });

  it('--json lists every problem of an invalid config, and still exits 2', () => {
    const file = writeApp([{ name: 'a/b', script: 'missing.js', instances: 0 }]);
    const result = runCli(['validate', file, '--json']);

    expect(result.status).to.equal(2);
    const report = JSON.parse(result.stdout) as { ok: boolean; code: string; problems: object[] };
    expect(report).to.deep.include({ ok: false, file, code: 'ERR_CONFIG_INVALID' });
    const paths = report.problems.map((problem) => (problem as { path: string }).path);
    expect(paths).to.include.members(['workers[0].name', 'workers[0].instances']);
  });

  it('exits 2 for a file that does not exist', () => {
    const result = runCli(['validate', join(makeTempDir(), 'none.json')]);

    expect(result.status).to.equal(2);
    expect(result.stderr).to.match(/none\.json: file not found/);
  });

  it('--help shows an example and the exit codes', () => {
    const result = runCli(['validate', '--help']);

    expect(result.status).to.equal(0);
    expect(result.stdout).to.include('$ supervisor validate app.config.json');
    expect(result.stdout).to.include('Exit codes:');
  });
});

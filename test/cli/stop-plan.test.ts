import { expect } from 'chai';

import { runCli } from '../support/run-cli.js';
import { makeTempDir, writeConfig, writeText } from '../support/temp-dir.js';

function writeApp(): string {
  const dir = makeTempDir();
  writeText(dir, 'web.js', '// never run\n');
  return writeConfig(dir, {
    workers: [
      { name: 'web', script: 'web.js', instances: 2, graceMs: 5000, killTimeoutMs: 1000 },
      { name: 'jobs', script: 'web.js', graceMs: 20000 },
    ],
  });
}

describe('supervisor stop --plan', () => {
  it('prints each worker with its deadline and the worst case, stopping nothing', () => {
    const file = writeApp();
    const result = runCli(['stop', '--plan', '--config', file]);

    expect(result.status, result.stderr).to.equal(0);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 2)).to.deep.equal([
      `Stop plan for ${file}`,
      '  1 step, worst case 25.00 s',
    ]);
    expect(lines.slice(3, 6)).to.deep.equal([
      'STEP  WORKER  INSTANCES    GRACE  KILL TIMEOUT  DEADLINE  SIGKILL BY',
      '   1  web             2  5000 ms       1000 ms  +5000 ms    +6000 ms',
      '   1  jobs            1  20.00 s       5000 ms  +20.00 s    +25.00 s',
    ]);
  });

  it('--json prints the steps, deadlines and worst case in milliseconds', () => {
    const file = writeApp();
    const result = runCli(['stop', '--plan', '--json', '--config', file]);

    expect(result.status, result.stderr).to.equal(0);
    const plan = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(plan).to.deep.include({ config: file, worstCaseMs: 25000 });
    expect(plan).to.have.nested.property('steps[0].workers[1].deadlineMs', 20000);
    expect(plan).to.have.nested.property('steps[0].workers[0].sigkillMs', 6000);
  });

  it('without --plan, exits 3 when no supervisor runs, saying how to start one', () => {
    const result = runCli(['stop', '--config', writeApp()]);

    expect(result.status).to.equal(3);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.match(/^supervisor: no supervisor is running .*supervisor start/);
  });

  it('exits 2 for a config that cannot be used', () => {
    const dir = makeTempDir();
    const result = runCli(['stop', '--plan', '--config', writeConfig(dir, { workers: [] })]);

    expect(result.status).to.equal(2);
    expect(result.stderr).to.match(/^supervisor: .*app\.config\.json: workers/);
  });

  it('--help shows an example and the exit codes', () => {
    const result = runCli(['stop', '--help']);

    expect(result.status).to.equal(0);
    expect(result.stdout).to.include('$ supervisor stop --plan');
    expect(result.stdout).to.include('Exit codes:');
  });
});

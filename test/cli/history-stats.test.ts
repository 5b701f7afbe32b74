import { expect } from 'chai';

import { openTestHistory } from '../history/history-fixtures.js';
import { runCli } from '../support/run-cli.js';
import { makeTempDir } from '../support/temp-dir.js';
import { writeTimelineShutdown } from './timeline-fixture.js';

describe('supervisor history --stats', () => {
  it('--json gives per worker drain p50/p95/max, kills and what held drains open', () => {
    const stateDir = makeTempDir();
    writeTimelineShutdown(stateDir);

    const result = runCli(['history', '--stats', '--json', '--state-dir', stateDir]);

    expect(result.status, result.stderr).to.equal(0);
    const [web, jobs] = JSON.parse(result.stdout) as Record<string, unknown>[];
    // web: drains of 1488 and 4629 ms, mostly waiting for requests (636 + 4505 of 6117 ms).
    expect(web).to.deep.equal({
      worker: 'web',
      stops: 2,
      drainMs: { p50: 1488, p95: 4629, max: 4629 },
      killed: 0,
      heldOpenBy: { what: 'http', totalMs: 5141, share: 5141 / 6117 },
    });
    // jobs never got past drain-received: killed at its deadline, the time counted as http.
    expect(jobs).to.deep.equal({
      worker: 'jobs',
      stops: 1,
      drainMs: { p50: 5002, p95: 5002, max: 5002 },
      killed: 1,
      heldOpenBy: { what: 'http', totalMs: 4999, share: 4999 / 5002 },
    });
  });

  it('prints one row per worker, the kills in red on request', () => {
    const stateDir = makeTempDir();
    writeTimelineShutdown(stateDir);

    const plain = runCli(['history', '--stats', '--state-dir', stateDir]);
    const coloured = runCli(['history', '--stats', '--state-dir', stateDir], {
      env: { FORCE_COLOR: '1' },
    });

    expect(plain.status, plain.stderr).to.equal(0);
    expect(plain.stdout.split('\n')).to.deep.equal([
      'WORKER  STOPS  DRAIN P50      P95      MAX     KILLED  HELD OPEN MOST BY',
      'web         2    1488 ms  4629 ms  4629 ms    0 (0 %)  http, 84 % of drain time',
      'jobs        1    5002 ms  5002 ms  5002 ms  1 (100 %)  http, 100 % of drain time',
      '',
    ]);
    expect(coloured.stdout).to.include('\u001b[31m1 (100 %)\u001b[39m');
  });

  it('says so when no worker stop is recorded yet', () => {
    const stateDir = makeTempDir();
    openTestHistory(stateDir).writer.close();

    const result = runCli(['history', '--stats', '--state-dir', stateDir]);

    expect(result.status, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/^No worker stops recorded yet in .*history\.db\.\n$/);
  });
});

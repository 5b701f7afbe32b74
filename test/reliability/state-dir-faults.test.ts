// A state directory the supervisor cannot write: `supervisor start` refuses with one readable
// line naming the directory and what to do, and exit code 1, never Node's raw error.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { expect } from 'chai';

import { fixtureWorker } from '../support/paths.js';
import { makeTempDir, writeConfig } from '../support/temp-dir.js';
import { hasStackTrace, printCounts, runCliAsync } from './supervised.js';
import { bindReadOnly, skipUnlessMounted, unmountAll } from './tmpfs-mount.js';

describe('supervisor start on a state directory it cannot write', function () {
  this.timeout(30_000);
  afterEach(unmountAll);

  it('exits 1 with one line naming the read-only directory and what to do', async function () {
    const dir = makeTempDir('gs-rel-');
    const stateDir = join(dir, 'state');
    mkdirSync(stateDir);
    const config = writeConfig(dir, {
      stateDir: 'state',
      workers: [{ name: 'web', script: fixtureWorker('lc-ready') }],
    });
    skipUnlessMounted(this, bindReadOnly(stateDir));

    const result = await runCliAsync(['start', config]);

    const lines = result.stderr.trim().split('\n');
    printCounts('read-only state directory', { status: result.status, stderr: lines });
    expect(result.status).to.equal(1);
    expect(hasStackTrace(result.stderr)).to.equal(false);
    expect(lines).to.have.lengthOf(1);
    expect(lines[0]).to.equal(
      `supervisor: cannot use the state directory ${stateDir} (EROFS): the supervisor keeps ` +
        'its lock, history and logs there, and cannot run without them; make it writable, ' +
        'or give this config a writable stateDir',
    );
  });
});

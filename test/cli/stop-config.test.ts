import { join } from 'node:path';

import { expect } from 'chai';

import { runCli } from '../support/run-cli.js';
import { makeTempDir, writeConfig, writeText } from '../support/temp-dir.js';

/** `supervisor stop --config <file>`, where no supervisor runs. */
function stopWithConfig(file: string): ReturnType<typeof runCli> {
  return runCli(['stop', '--config', file]);
}

describe('supervisor stop --config', () => {
  it("finds the file's stateDir and says that no supervisor runs there (exit 3)", () => {
    const dir = makeTempDir();
    const file = writeConfig(dir, { stateDir: 'var/state', workers: [{ name: 'web' }] });

    const result = stopWithConfig(file);

    expect(result.status).to.equal(3);
    expect(result.stderr).to.include(`no supervisor is running for ${join(dir, 'var/state')}`);
  });

  it('exits 2 and points at the line and column of a file that is not JSON', () => {
    const file = writeText(makeTempDir(), 'app.config.json', '{\n  "stateDir": "state",\n}\n');

    const result = stopWithConfig(file);

    expect(result.status).to.equal(2);
    expect(result.stderr).to.match(/^supervisor: .*app\.config\.json:2:22: invalid JSON: trailing/);
    expect(result.stderr).to.not.match(/^\s+at /m);
  });

  it('exits 2 for a file with comments, which a config may not have (JSONC is not JSON)', () => {
    const text = '{\n  // where the history lives\n  "stateDir": "state"\n}\n';
    const file = writeText(makeTempDir(), 'app.config.jsonc', text);

    const result = stopWithConfig(file);

    expect(result.status).to.equal(2);
    expect(result.stderr).to.include('app.config.jsonc:2:3: invalid JSON: comments are not');
  });

  it('exits 2 and names stateDir when it is not a string', () => {
    const file = writeConfig(makeTempDir(), { stateDir: 42, workers: [] });

    const result = stopWithConfig(file);

    expect(result.status).to.equal(2);
    expect(result.stderr).to.include('stateDir: must be a string (got 42)');
  });
});

import path from 'node:path';

import { expect } from 'chai';

import { DEFAULT_STATE_DIR, loadConfig, readStateDir } from '../../config/index.js';
import { configErrorOf, useTempDir, writeConfig, writeScript } from './temp-config-dir.js';

describe('readStateDir', () => {
  const tempDir = useTempDir();

  it("defaults to .supervisor in the config file's folder", async () => {
    const dir = tempDir();
    const file = writeConfig(
      dir,
      { workers: [{ name: 'web', script: 'web.js' }] },
      'conf/app.json',
    );

    expect(await readStateDir(file)).to.equal(path.join(dir, 'conf', DEFAULT_STATE_DIR));
  });

  it("resolves a relative stateDir against the config file's folder", async () => {
    const dir = tempDir();
    const file = writeConfig(dir, { stateDir: '../var/state', workers: [] }, 'conf/app.json');

    expect(await readStateDir(path.relative(process.cwd(), file))).to.equal(
      path.join(dir, 'var/state'),
    );
  });

  it('works after the scripts are gone and whatever the workers say', async () => {
    const dir = tempDir();
    const workers = [{ name: '../bad name', script: 'deleted.js', graceMs: -1 }];
    const file = writeConfig(dir, { stateDir: 'state', workers, legacyField: true });

    expect(await readStateDir(file)).to.equal(path.join(dir, 'state'));
  });

  it('agrees with loadConfig', async () => {
    const dir = tempDir();
    writeScript(dir, 'web.js');
    const file = writeConfig(dir, {
      stateDir: 'state',
      workers: [{ name: 'web', script: 'web.js' }],
    });

    expect(await readStateDir(file)).to.equal((await loadConfig(file)).stateDir);
  });

  it('throws ERR_CONFIG_NOT_FOUND for a missing file', async () => {
    const error = await configErrorOf(readStateDir(path.join(tempDir(), 'nope.json')));

    expect(error.code).to.equal('ERR_CONFIG_NOT_FOUND');
    expect(error.message).to.include('nope.json: file not found');
  });

  it('rejects a stateDir that is not a string, naming the field', async () => {
    const file = writeConfig(tempDir(), { stateDir: 42, workers: [] });

    const error = await configErrorOf(readStateDir(file));

    expect(error.code).to.equal('ERR_CONFIG_INVALID');
    expect(error.message).to.include('stateDir: must be a string (got 42)');
  });

  it('rejects a file whose top level is not an object', async () => {
    const file = writeConfig(tempDir(), ['state']);

    const error = await configErrorOf(readStateDir(file));

    expect(error.code).to.equal('ERR_CONFIG_INVALID');
    expect(error.message).to.include('the top level must be an object');
  });
});

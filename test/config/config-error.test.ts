import path from 'node:path';

import { expect } from 'chai';

import { ConfigError, loadConfig } from '../../config/index.js';
import { configErrorOf, useTempDir, writeConfig, writeScript } from './temp-config-dir.js';

describe('ConfigError', () => {
  const tempDir = useTempDir();

  it('is an Error whose message names the file, then the field, one problem per line', () => {
    const error = new ConfigError('ERR_CONFIG_INVALID', 'app.json', [
      { path: 'workers[0].graceMs', message: 'must be an integer' },
      { path: '', message: 'missing required field "workers"' },
    ]);

    expect(error).to.be.instanceOf(Error);
    expect(error.name).to.equal('ConfigError');
    expect(error.message).to.equal(
      'app.json: workers[0].graceMs: must be an integer\n' +
        'app.json: missing required field "workers"',
    );
  });

  it('keeps the absolute path of the file in `file`', () => {
    const error = new ConfigError('ERR_CONFIG_NOT_FOUND', 'app.json', []);

    expect(error.file).to.equal(path.resolve('app.json'));
  });

  it('prints the first 20 problems and counts the rest, but keeps them all', async () => {
    const dir = tempDir();
    writeScript(dir, 'web.js');
    const workers = Array.from({ length: 25 }, (_, i) => ({
      name: `w${i}`,
      script: 'web.js',
      graceMs: -1,
    }));
    const error = await configErrorOf(loadConfig(writeConfig(dir, { workers })));

    const lines = error.message.split('\n');
    expect(error.problems).to.have.length(25);
    expect(lines).to.have.length(21);
    expect(lines[19]).to.include('workers[19].graceMs');
    expect(lines[20]).to.match(/app\.config\.json: \.\.\. and 5 more problems$/);
  });
});

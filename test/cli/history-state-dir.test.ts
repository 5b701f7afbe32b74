import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { expect } from 'chai';

import { resolveStateDir } from '../../cli/state-dir.js';
import { makeTempDir, type TempDir } from '../history/history-fixtures.js';

describe('resolveStateDir()', () => {
  let dir: TempDir;

  beforeEach(() => {
    dir = makeTempDir();
  });

  afterEach(() => {
    dir.remove();
  });

  function writeConfig(content: string): string {
    const file = join(dir.path, 'app.config.json');
    writeFileSync(file, content);
    return file;
  }

  it('prefers --state-dir, resolved against the working directory', async () => {
    const config = writeConfig('{ "stateDir": "elsewhere" }');

    expect(await resolveStateDir({ stateDir: 'state', config })).to.equal(resolve('state'));
  });

  it("resolves the config file's stateDir against the config file's folder", async () => {
    const config = writeConfig('{ "stateDir": "var/state" }');

    expect(await resolveStateDir({ config })).to.equal(join(dir.path, 'var', 'state'));
  });

  it('defaults to .supervisor beside the config file', async () => {
    const config = writeConfig('{ "workers": [] }');

    expect(await resolveStateDir({ config })).to.equal(join(dir.path, '.supervisor'));
  });

  const failures: [string, string | null, string][] = [
    ['the config file is missing', null, 'ERR_CONFIG_NOT_FOUND'],
    ['the config file is not JSON', '{ stateDir: ', 'ERR_CONFIG_JSON'],
    ['stateDir is not a string', '{ "stateDir": 42 }', 'ERR_CONFIG_INVALID'],
  ];
  for (const [when, content, code] of failures) {
    it(`throws a usage error (exit 2) with the code ${code} when ${when}`, async () => {
      const config = content === null ? join(dir.path, 'missing.json') : writeConfig(content);

      const error = await resolveStateDir({ config }).then(
        () => expect.fail('resolved'),
        (rejection: unknown) => rejection,
      );

      expect(error).to.include({ exitCode: 2, code });
    });
  }
});

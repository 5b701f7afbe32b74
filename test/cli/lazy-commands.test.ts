import { expect } from 'chai';

import { makeTempDir, writeSampleHistory, type TempDir } from '../history/history-fixtures.js';
import { writeConfig } from '../support/temp-dir.js';
import { loadedList, printLoadedEnv } from '../support/loaded-packages.js';
import { unbundledCliPath } from '../support/paths.js';
import { runCli } from '../support/run-cli.js';

/**
 * The npm packages `supervisor <args>` loaded, as the preloaded script prints them. The bundle
 * inlines most packages, so this runs the unbundled build: each dynamic import there is a chunk
 * boundary in the bundle, and the packages left out of the bundle load the same way in both.
 */
function packagesLoadedBy(args: string[]): string[] {
  return loaded(args, 'packages');
}

/** The files of npm packages that `supervisor <args>` loaded (`ajv/dist/…`), as above. */
function filesLoadedBy(args: string[]): string[] {
  return loaded(args, 'files');
}

function loaded(args: string[], what: 'packages' | 'files'): string[] {
  const result = runCli(args, { env: printLoadedEnv, main: unbundledCliPath });
  return loadedList(result.stderr, what);
}

function among(loaded: string[], names: string[]): string[] {
  return names.filter((name) => loaded.includes(name));
}

describe('supervisor start-up', () => {
  let dir: TempDir;

  beforeEach(() => {
    dir = makeTempDir();
    writeSampleHistory(dir.path);
  });

  afterEach(() => {
    dir.remove();
  });

  it('history and show load the history reader, not the daemon, logger or validator', () => {
    for (const args of [
      ['history', '--limit', '20'],
      ['show', '1'],
    ]) {
      const loaded = packagesLoadedBy([...args, '--state-dir', dir.path]);

      expect(loaded, args[0]).to.include('better-sqlite3');
      expect(among(loaded, ['ajv', 'pino', 'ws', 'pidusage']), args[0]).to.deep.equal([]);
    }
  });

  it('--version loads no command', () => {
    expect(packagesLoadedBy(['--version'])).to.deep.equal(['commander']);
  });

  it('stop loads the control client only: no history, logger or validator', () => {
    const loaded = packagesLoadedBy(['stop', '--state-dir', dir.path]);

    expect(loaded).to.include('ws');
    expect(among(loaded, ['ajv', 'pino', 'better-sqlite3'])).to.deep.equal([]);
  });

  it('stop --config reads a JSON config without jsonc-parser or the schema compiler', () => {
    const config = writeConfig(dir.path, { stateDir: dir.path, workers: [] });

    const files = filesLoadedBy(['stop', '--config', config]);

    // The validators were compiled at build time; what they need at run time is one helper.
    const ajvFiles = files.filter((file) => file.startsWith('ajv/'));
    expect(ajvFiles).to.deep.equal(['ajv/dist/runtime/ucs2length.js']);
    expect(files.filter((file) => file.startsWith('jsonc-parser/'))).to.deep.equal([]);
  });
});

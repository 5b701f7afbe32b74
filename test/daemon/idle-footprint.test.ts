import { expect } from 'chai';

import { loadedList, printLoadedEnv } from '../support/loaded-packages.js';
import { fixtureWorker, unbundledCliPath } from '../support/paths.js';
import { SupervisorProcess } from '../support/supervisor-process.js';
import { makeTempDir, writeConfig } from '../support/temp-dir.js';

/**
 * The npm packages a supervisor loaded from start to a SIGTERM stop, as the preloaded script
 * prints them at its exit. The unbundled build: each dynamic import there is a chunk boundary in
 * the bundle. Workers inherit the preload too; their lines carry the `name#instance | ` prefix.
 */
async function packagesLoadedByIdleDaemon(worker: Record<string, unknown>): Promise<string[]> {
  const dir = makeTempDir();
  const config = writeConfig(dir, { workers: [{ name: 'idle', ...worker }] });
  const supervisor = SupervisorProcess.start(config, printLoadedEnv, unbundledCliPath);
  await supervisor.waitReady(1);
  supervisor.signal('SIGTERM');
  const { stderr } = await supervisor.exited;
  return loadedList(stderr, 'packages');
}

describe('the daemon at rest', () => {
  it('loads no pidusage when no one asks for status and no worker sets maxMemoryMb', async () => {
    const loaded = await packagesLoadedByIdleDaemon({ script: fixtureWorker('lc-ready') });

    expect(loaded).to.include.members(['better-sqlite3', 'pino', 'ws']);
    expect(loaded).to.not.include('pidusage');
  });
});

import { setImmediate as nextTurn } from 'node:timers/promises';

import Database from 'better-sqlite3';
import { expect } from 'chai';

import { historyPath, openHistoryReader } from '../../history/index.js';
import { makeTempDir, openTestHistory, T0, type TempDir } from './history-fixtures.js';

const START = { reason: 'shutdown', trigger: 'SIGTERM', host: 'h', supervisorPid: 1 } as const;

describe('history reader beside a writer', () => {
  let dir: TempDir;

  beforeEach(() => {
    dir = makeTempDir();
  });

  afterEach(() => {
    dir.remove();
  });

  it('sees each batch the writer commits while both stay open', async () => {
    const { writer } = openTestHistory(dir.path);
    const id = writer.beginShutdown({ ...START, startedAt: T0 })!;
    const reader = openHistoryReader(dir.path);

    for (let round = 1; round <= 3; round += 1) {
      writer.recordEvent({ shutdownId: id, at: T0 + round, kind: 'http-idle' });
      await nextTurn();
      expect(reader.getShutdown(id)!.events).to.have.length(round);
    }
    writer.finishShutdown(id, { finishedAt: T0 + 10, outcome: 'clean' });
    writer.flush();
    expect(reader.listShutdowns({ limit: 1 })[0]).to.include({ outcome: 'clean' });
    reader.close();
    writer.close();
  });

  it('reads the last commit without waiting while another connection is writing', () => {
    const { writer } = openTestHistory(dir.path);
    const id = writer.beginShutdown({ ...START, startedAt: T0 })!;
    const other = new Database(historyPath(dir.path));
    other.exec('BEGIN IMMEDIATE');
    other.exec(`UPDATE shutdowns SET outcome = 'clean' WHERE id = ${id}`);

    const started = performance.now();
    const reader = openHistoryReader(dir.path);
    const [shutdown] = reader.listShutdowns({ limit: 5 });
    const elapsed = performance.now() - started;
    reader.close();
    other.exec('ROLLBACK');
    other.close();
    writer.close();

    expect(shutdown).to.include({ id, outcome: null });
    expect(elapsed).to.be.below(500);
  });
});

import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay, setImmediate as nextTurn } from 'node:timers/promises';

import Database from 'better-sqlite3';
import { expect } from 'chai';

import { historyPath, type HistoryWriter } from '../../history/index.js';
import { makeTempDir, openTestHistory, T0, type TempDir } from './history-fixtures.js';

const START = { reason: 'shutdown', trigger: 'SIGTERM', host: 'h', supervisorPid: 1 } as const;

function recordEvents(writer: HistoryWriter, shutdownId: number, count: number, from = 0): void {
  for (let i = from; i < from + count; i += 1) {
    writer.recordEvent({ shutdownId, at: T0 + i, kind: 'http-closed', detail: { i } });
  }
}

/**
 * Events found in the database file alone, without its WAL: what checkpoints copied into it. The
 * writer's connection stays open, so SQLite has no reason to checkpoint on its own meanwhile.
 */
function eventsInDatabaseFile(stateDir: string, scratch: string): number {
  mkdirSync(scratch, { recursive: true });
  const copy = join(scratch, 'history.db');
  copyFileSync(historyPath(stateDir), copy);
  const db = new Database(copy, { readonly: true });
  const hasTable = db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = 'events'`).get();
  const count = hasTable ? (db.prepare('SELECT count(*) FROM events').pluck().get() as number) : 0;
  db.close();
  return count;
}

/** Waits for the writer's timer to run its checkpoint: only the outcome is tested, not when. */
async function untilCheckpoints(writer: HistoryWriter, count: number): Promise<void> {
  while (writer.stats().checkpoints < count) await delay(5);
}

describe('history writer checkpoints', () => {
  let dir: TempDir;

  beforeEach(() => {
    dir = makeTempDir();
  });

  afterEach(() => {
    dir.remove();
  });

  it('copies the WAL into the database file once writes pause', async () => {
    const stateDir = join(dir.path, 'state');
    const { writer, lines } = openTestHistory(stateDir, { checkpointIdleMs: 10 });
    const id = writer.beginShutdown({ ...START, startedAt: T0 })!;
    recordEvents(writer, id, 20);
    await nextTurn();

    expect(eventsInDatabaseFile(stateDir, join(dir.path, 'before'))).to.equal(0);
    await untilCheckpoints(writer, 1);
    expect(eventsInDatabaseFile(stateDir, join(dir.path, 'after'))).to.equal(20);
    writer.close();
    expect(lines).to.deep.equal([]);
  });

  it('checkpoints every `checkpointEveryWrites` writes in a burst that never pauses', async () => {
    const stateDir = join(dir.path, 'state');
    const { writer } = openTestHistory(stateDir, {
      checkpointIdleMs: 60_000,
      checkpointEveryWrites: 50,
    });
    const id = writer.beginShutdown({ ...START, startedAt: T0 })!;
    for (let turn = 0; turn < 6; turn += 1) {
      recordEvents(writer, id, 10);
      await nextTurn();
    }

    await untilCheckpoints(writer, 1);
    expect(eventsInDatabaseFile(stateDir, join(dir.path, 'copy'))).to.be.at.least(50);
    writer.close();
  });
});

import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay, setImmediate as nextTurn } from 'node:timers/promises';

import Database from 'better-sqlite3';
import { expect } from 'chai';

import { historyPath, openHistoryReader, type HistoryWriter } from '../../history/index.js';
import {
  makeTempDir,
  openTestHistory,
  T0,
  type LogLine,
  type TempDir,
} from './history-fixtures.js';

const START = { reason: 'shutdown', trigger: 'SIGTERM', host: 'h', supervisorPid: 1 } as const;

function recordEvents(writer: HistoryWriter, shutdownId: number, count: number): void {
  for (let i = 0; i < count; i += 1)
    writer.recordEvent({ shutdownId, at: T0 + i, kind: 'http-idle' });
}

function recordLifecycle(writer: HistoryWriter, count: number): void {
  for (let i = 0; i < count; i += 1) {
    writer.recordLifecycle({
      at: T0 + i,
      worker: 'web',
      instance: 0,
      kind: 'spawn',
      detail: { i },
    });
  }
}

function eventCount(stateDir: string, id: number): number {
  const reader = openHistoryReader(stateDir);
  const count = reader.getShutdown(id)?.events.length ?? -1;
  reader.close();
  return count;
}

/** How many times each code was logged as an error, and how many recoveries. */
function tally(lines: LogLine[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of lines) {
    const key = line.code ?? line.msg;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

function lockDatabase(stateDir: string): Database.Database {
  const locker = new Database(historyPath(stateDir));
  locker.exec('BEGIN EXCLUSIVE');
  return locker;
}

describe('history writer resilience', () => {
  let dir: TempDir;

  beforeEach(() => {
    dir = makeTempDir();
  });

  afterEach(() => {
    dir.remove();
  });

  it('keeps writes queued while another connection holds the lock, then commits', async () => {
    const { writer, lines } = openTestHistory(dir.path, { busyRetryMs: 10 });
    const id = writer.beginShutdown({ ...START, startedAt: T0 })!;
    const locker = lockDatabase(dir.path);

    recordEvents(writer, id, 100);
    await nextTurn();
    expect(writer.flush()).to.equal(false);
    expect(writer.beginShutdown({ ...START, startedAt: T0 + 1 })).to.equal(null);
    expect(writer.stats().pending).to.equal(100);
    locker.exec('COMMIT');
    locker.close();
    await delay(50);

    expect(writer.stats().pending).to.equal(0);
    expect(eventCount(dir.path, id)).to.equal(100);
    expect(tally(lines)).to.deep.equal({ SQLITE_BUSY: 1, 'history write recovered': 1 });
    writer.close();
  });

  it('drops the oldest writes beyond `maxPending` while locked, logging it once', () => {
    const { writer, lines } = openTestHistory(dir.path, { maxPending: 100 });
    const locker = lockDatabase(dir.path);
    recordLifecycle(writer, 250);
    expect(writer.flush()).to.equal(false);
    locker.exec('COMMIT');
    locker.close();

    expect(writer.flush()).to.equal(true);
    writer.close();
    const reader = openHistoryReader(dir.path);
    const kept = reader.listLifecycle({ limit: 1000 }).map((entry) => entry.detail.i);
    reader.close();
    expect(kept).to.have.length(100);
    expect(kept.at(-1)).to.equal(150);
    expect(writer.stats()).to.include({ dropped: 150, committed: 100 });
    expect(tally(lines)).to.deep.equal({
      ERR_HISTORY_QUEUE_FULL: 1,
      SQLITE_BUSY: 1,
      'history write recovered': 1,
    });
  });

  it('recreates a state directory deleted while open, and records the next shutdown', async () => {
    const stateDir = join(dir.path, 'state');
    const { writer, lines } = openTestHistory(stateDir);
    const lost = writer.beginShutdown({ ...START, startedAt: T0 })!;
    rmSync(stateDir, { recursive: true });

    recordEvents(writer, lost, 50);
    await nextTurn();
    const next = writer.beginShutdown({ ...START, startedAt: T0 + 100 })!;
    recordEvents(writer, next, 3);
    writer.close();

    expect(next).to.be.a('number');
    expect(statSync(stateDir).mode & 0o777).to.equal(0o700);
    expect(eventCount(stateDir, next)).to.equal(3);
    // The events of the shutdown whose rows were deleted have nothing to belong to.
    expect(tally(lines)).to.deep.equal({
      ERR_HISTORY_MOVED: 1,
      SQLITE_CONSTRAINT_FOREIGNKEY: 1,
      'history write recovered': 1,
    });
  });

  it('survives a file replaced by garbage, and resumes once it is removed', async () => {
    const { writer, lines } = openTestHistory(dir.path, { reopenDelayMs: 30 });
    writer.beginShutdown({ ...START, startedAt: T0 });
    const garbage = join(dir.path, 'garbage');
    writeFileSync(garbage, Buffer.alloc(8192, 0x5a));
    renameSync(garbage, historyPath(dir.path));

    for (let i = 0; i < 20; i += 1) {
      recordLifecycle(writer, 10);
      expect(writer.beginShutdown({ ...START, startedAt: T0 + i })).to.equal(null);
      await nextTurn();
    }
    await delay(40);
    expect(writer.beginShutdown({ ...START, startedAt: T0 })).to.equal(null);
    rmSync(historyPath(dir.path));
    await delay(40);
    const id = writer.beginShutdown({ ...START, startedAt: T0 + 200 })!;
    recordEvents(writer, id, 2);
    writer.close();

    expect(id).to.be.a('number');
    expect(eventCount(dir.path, id)).to.equal(2);
    expect(tally(lines)).to.deep.equal({
      ERR_HISTORY_MOVED: 1,
      SQLITE_NOTADB: 1,
      'history write recovered': 1,
    });
  });

  it('treats a state directory it cannot create as unusable, logging it once', async () => {
    const stateDir = join(dir.path, 'state');
    writeFileSync(stateDir, 'not a directory');
    const { writer, lines } = openTestHistory(stateDir, { reopenDelayMs: 20 });

    expect(writer.beginShutdown({ ...START, startedAt: T0 })).to.equal(null);
    recordLifecycle(writer, 30);
    await delay(30);
    expect(writer.flush()).to.equal(false);
    rmSync(stateDir);
    await delay(60);

    expect(writer.stats()).to.include({ pending: 0, committed: 30 });
    writer.close();
    expect(lines.filter((line) => line.msg === 'history unavailable')).to.have.length(1);
    expect(lines.at(-1)).to.include({ msg: 'history write recovered' });
  });

  it('skips a write the database rejects without losing the rest of its batch', () => {
    const { writer, lines } = openTestHistory(dir.path);
    const id = writer.beginShutdown({ ...START, startedAt: T0 })!;
    recordEvents(writer, id, 2);
    recordEvents(writer, id + 1000, 3);
    recordEvents(writer, id, 2);
    writer.close();

    expect(eventCount(dir.path, id)).to.equal(4);
    expect(writer.stats()).to.include({ committed: 4, dropped: 3 });
    expect(tally(lines)).to.deep.equal({ SQLITE_CONSTRAINT_FOREIGNKEY: 1 });
  });

  it('stores a note instead of a detail that cannot be serialized', () => {
    const { writer } = openTestHistory(dir.path);
    const id = writer.beginShutdown({ ...START, startedAt: T0 })!;
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    writer.recordEvent({ shutdownId: id, at: T0, kind: 'forced', detail: circular });
    writer.close();

    const reader = openHistoryReader(dir.path);
    const [event] = reader.getShutdown(id)!.events;
    reader.close();
    expect(event!.detail.unserializable).to.match(/circular/i);
  });
});

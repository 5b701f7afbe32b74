import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { expect } from 'chai';

import { historyPath, openHistoryReader, SCHEMA_VERSION } from '../../history/index.js';
import { makeTempDir, openTestHistory, T0, type TempDir } from './history-fixtures.js';

const TABLES = ['events', 'lifecycle_events', 'shutdowns', 'worker_stops'];

function inspect(stateDir: string): { version: number; tables: string[]; journal: string } {
  const db = new Database(historyPath(stateDir), { readonly: true });
  const version = db.pragma('user_version', { simple: true }) as number;
  const journal = db.pragma('journal_mode', { simple: true }) as string;
  const tables = db
    .prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .pluck()
    .all();
  db.close();
  return { version, tables, journal };
}

function setVersion(stateDir: string, version: number): void {
  const db = new Database(historyPath(stateDir));
  db.pragma(`user_version = ${version}`);
  db.close();
}

describe('history migrations', () => {
  let dir: TempDir;

  beforeEach(() => {
    dir = makeTempDir();
  });

  afterEach(() => {
    dir.remove();
  });

  it('openHistory() creates the state directory (mode 0700) and the schema from nothing', () => {
    const stateDir = join(dir.path, 'state', 'nested');
    const { writer, lines } = openTestHistory(stateDir);
    writer.close();

    expect(statSync(stateDir).mode & 0o777).to.equal(0o700);
    expect(inspect(stateDir)).to.deep.equal({
      version: SCHEMA_VERSION,
      tables: TABLES,
      journal: 'wal',
    });
    expect(lines).to.deep.equal([]);
  });

  it('openHistory() re-opens an up-to-date database without changing it', () => {
    const first = openTestHistory(dir.path);
    const id = first.writer.beginShutdown({
      reason: 'shutdown',
      trigger: 'SIGTERM',
      host: 'h',
      supervisorPid: 1,
      startedAt: T0,
    });
    first.writer.close();
    const second = openTestHistory(dir.path);
    second.writer.close();

    expect(inspect(dir.path).version).to.equal(SCHEMA_VERSION);
    const reader = openHistoryReader(dir.path);
    expect(reader.getShutdown(id!)).to.include({ trigger: 'SIGTERM' });
    reader.close();
    expect(second.lines).to.deep.equal([]);
  });

  it('openHistory() refuses a database newer than the code, logging why once', () => {
    openTestHistory(dir.path).writer.close();
    setVersion(dir.path, SCHEMA_VERSION + 1);

    const { writer, lines } = openTestHistory(dir.path);
    const id = writer.beginShutdown({
      reason: 'shutdown',
      trigger: 'SIGTERM',
      host: 'h',
      supervisorPid: 1,
      startedAt: T0,
    });
    writer.close();

    expect(id).to.equal(null);
    expect(lines).to.have.length(1);
    expect(lines[0]).to.include({ msg: 'history unavailable', code: 'ERR_HISTORY_TOO_NEW' });
    expect(inspect(dir.path).version).to.equal(SCHEMA_VERSION + 1);
  });

  it('openHistoryReader() refuses a database newer than the code', () => {
    openTestHistory(dir.path).writer.close();
    setVersion(dir.path, SCHEMA_VERSION + 1);

    expect(() => openHistoryReader(dir.path))
      .to.throw()
      .with.property('code', 'ERR_HISTORY_TOO_NEW');
  });

  it('openHistoryReader() reports a missing database as ERR_HISTORY_MISSING', () => {
    expect(() => openHistoryReader(dir.path))
      .to.throw(/no history at .*history\.db \(nothing has been recorded yet\)/)
      .with.property('code', 'ERR_HISTORY_MISSING');
  });

  it('openHistoryReader() reports an empty, never migrated file as ERR_HISTORY_MISSING', () => {
    new Database(historyPath(dir.path)).close();

    expect(() => openHistoryReader(dir.path))
      .to.throw()
      .with.property('code', 'ERR_HISTORY_MISSING');
  });

  it('openHistoryReader() reports a file that is not a database as ERR_HISTORY_UNREADABLE', () => {
    writeFileSync(historyPath(dir.path), Buffer.alloc(4096, 0x5a));

    expect(() => openHistoryReader(dir.path))
      .to.throw()
      .with.property('code', 'ERR_HISTORY_UNREADABLE');
  });
});

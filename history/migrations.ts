// The schema as an ordered list of migration steps. `PRAGMA user_version` holds how many steps a
// database has had; opening for writing applies the missing ones in one transaction.
import type { Database } from 'better-sqlite3';

import { HistoryError } from './history-error.js';

// Never edit a step once released: append a new one. Tables are STRICT so a wrong type is an
// error instead of silently stored text. Reasons and outcomes carry no CHECK constraint on
// purpose: adding a value to one would need a table rebuild in SQLite.
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE shutdowns (
    id INTEGER PRIMARY KEY,
    reason TEXT NOT NULL,
    trigger TEXT NOT NULL,
    host TEXT NOT NULL,
    supervisor_pid INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    outcome TEXT
  ) STRICT;
  CREATE INDEX shutdowns_unfinished ON shutdowns (id) WHERE outcome IS NULL;

  CREATE TABLE worker_stops (
    id INTEGER PRIMARY KEY,
    shutdown_id INTEGER NOT NULL REFERENCES shutdowns (id) ON DELETE CASCADE,
    worker TEXT NOT NULL,
    instance INTEGER NOT NULL,
    pid INTEGER NOT NULL,
    grace_ms INTEGER NOT NULL,
    drain_mode TEXT NOT NULL,
    drain_sent_at INTEGER,
    drained_at INTEGER,
    exited_at INTEGER,
    exit_code INTEGER,
    signal TEXT,
    outcome TEXT,
    inflight_at_drain INTEGER,
    report TEXT
  ) STRICT;
  CREATE INDEX worker_stops_by_shutdown ON worker_stops (shutdown_id, id);

  CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    shutdown_id INTEGER NOT NULL REFERENCES shutdowns (id) ON DELETE CASCADE,
    stop_id INTEGER REFERENCES worker_stops (id) ON DELETE CASCADE,
    worker TEXT,
    instance INTEGER,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT
  ) STRICT;
  CREATE INDEX events_by_shutdown ON events (shutdown_id, at, id);
  -- Deleting a worker stop (pruning) looks its events up by stop_id.
  CREATE INDEX events_by_stop ON events (stop_id) WHERE stop_id IS NOT NULL;

  CREATE TABLE lifecycle_events (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    worker TEXT NOT NULL,
    instance INTEGER NOT NULL,
    pid INTEGER,
    kind TEXT NOT NULL,
    detail TEXT
  ) STRICT;
  CREATE INDEX lifecycle_events_by_time ON lifecycle_events (at, id);
  `,
];

/** The schema version this code writes and reads. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** The database's schema version (0 for a new, empty file). */
export function readSchemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Throws when the database was written by a newer supervisor than this one. */
export function throwOnNewerSchema(version: number, path: string): void {
  if (version <= SCHEMA_VERSION) return;
  throw new HistoryError(
    `history at ${path} has schema version ${version}, newer than this supervisor's ` +
      `${SCHEMA_VERSION}: upgrade graceful-supervisor to read it`,
    'ERR_HISTORY_TOO_NEW',
    path,
  );
}

/**
 * Brings the schema up to date. An up-to-date database is left alone without taking the write
 * lock; otherwise the version is read again inside the lock, so that two racing writers cannot
 * both apply the same step.
 */
export function migrate(db: Database, path: string): void {
  const current = readSchemaVersion(db);
  throwOnNewerSchema(current, path);
  if (current === SCHEMA_VERSION) return;
  const apply = db.transaction(() => {
    const version = readSchemaVersion(db);
    throwOnNewerSchema(version, path);
    for (const step of MIGRATIONS.slice(version)) db.exec(step);
    if (version !== SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  });
  apply.immediate();
}

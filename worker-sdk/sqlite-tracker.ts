// SQLite through `better-sqlite3` (duck-typed on its public API): closed with the resources,
// after HTTP; a transaction still open is rolled back and reported, and the WAL is checkpointed
// so the database is one self-contained file afterwards.
import type { ManagedResource, ResourceOutcome } from './managed-resource.js';

/** The part of a `better-sqlite3` Database the SDK uses. */
export interface SqliteDatabaseLike {
  readonly open: boolean;
  readonly inTransaction: boolean;
  exec(source: string): unknown;
  pragma(source: string): unknown;
  close(): unknown;
}

export interface TrackSqliteOptions {
  /** The name in the report; default 'sqlite'. */
  name?: string;
}

/** better-sqlite3 is synchronous: closing takes as long as the checkpoint, with no timeout. */
const SQLITE_BUDGET_MS = 1000;

export function sqliteResource(db: SqliteDatabaseLike, name: string): ManagedResource {
  return {
    name,
    budgetMs: SQLITE_BUDGET_MS,
    close: () => Promise.resolve(closeSqlite(db, name)),
  };
}

function closeSqlite(db: SqliteDatabaseLike, name: string): ResourceOutcome {
  const startedAt = Date.now();
  let rolledBack = 0;
  try {
    if (!db.open) return { report: { name, outcome: 'done', durationMs: 0 } };
    // Closing would roll it back too; doing it first makes the checkpoint see the final state.
    if (db.inTransaction) {
      db.exec('ROLLBACK');
      rolledBack = 1;
    }
    // A no-op unless the database is in WAL mode.
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    return { report: { name, outcome: 'done', durationMs: Date.now() - startedAt }, rolledBack };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const report = { name, outcome: 'failed' as const, durationMs: Date.now() - startedAt };
    return { report: { ...report, error: message }, rolledBack };
  }
}

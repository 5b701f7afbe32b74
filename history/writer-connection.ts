// A writable connection to history.db: opened with the history's pragmas, migrated, its
// statements prepared, and able to tell when the file at its path is no longer the one it has
// open.
import { mkdirSync, rmSync, statSync } from 'node:fs';

import type Database from 'better-sqlite3';

import { failureKind } from './failure-log.js';
import { historyPath } from './history-path.js';
import { migrate } from './migrations.js';
import { openDatabase } from './open-database.js';
import type { PendingWrite } from './write-rows.js';
import { applyWrite, prepareWriterStatements, type WriterStatements } from './writer-statements.js';

// better-sqlite3 is synchronous: while SQLite waits for a lock the daemon's event loop waits
// too. A locked database is retried later from the queue instead.
const BUSY_TIMEOUT_MS = 5;

interface FileIdentity {
  dev: number;
  ino: number;
}

// SQLite's companions of a WAL database, beside it.
const SIDECAR_SUFFIXES = ['-wal', '-shm'];

/** The file's identity, or undefined when there is none to be had (missing, not a folder...). */
function identityOf(path: string): FileIdentity | undefined {
  try {
    const stats = statSync(path, { throwIfNoEntry: false });
    return stats && { dev: stats.dev, ino: stats.ino };
  } catch {
    return undefined;
  }
}

function isSameFile(path: string, identity: FileIdentity | undefined): boolean {
  const current = identityOf(path);
  return current?.dev === identity?.dev && current?.ino === identity?.ino;
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Left behind: SQLite may replay it into the new file, which is what it would do anyway.
  }
}

/** An open, migrated history database ready for writes. */
export class WriterConnection {
  readonly path: string;
  readonly statements: WriterStatements;
  readonly #db: Database.Database;
  readonly #identity: FileIdentity | undefined;
  readonly #sidecars: Map<string, FileIdentity | undefined>;

  constructor(db: Database.Database, path: string) {
    this.#db = db;
    this.path = path;
    this.statements = prepareWriterStatements(db);
    this.#identity = identityOf(path);
    const sidecars = SIDECAR_SUFFIXES.map((suffix) => `${path}${suffix}`);
    this.#sidecars = new Map(sidecars.map((sidecar) => [sidecar, identityOf(sidecar)]));
  }

  // SQLite keeps writing into a deleted or replaced file without an error (into the WAL of an
  // unlinked inode), so the writer compares the path's inode with the one it opened.
  /** True while the path still names the file this connection has open. */
  isStillAtPath(): boolean {
    return isSameFile(this.path, this.#identity);
  }

  /** Copies the WAL into the database file as far as no reader holds it back; never waits. */
  checkpoint(): void {
    this.#db.pragma('wal_checkpoint(PASSIVE)');
  }

  /**
   * Commits writes in one transaction. A write the database rejects on its own (a constraint, a
   * type) is skipped and passed to `onRejected`; any other failure rolls back the whole batch
   * and is thrown, so that the batch stays queued. Returns how many writes were rejected.
   */
  commit(writes: readonly PendingWrite[], onRejected: (error: unknown) => void): number {
    let rejected = 0;
    const run = this.#db.transaction(() => {
      for (const write of writes) {
        try {
          applyWrite(this.statements, write);
        } catch (error: unknown) {
          if (failureKind(error) !== 'rejected-write') throw error;
          rejected += 1;
          onRejected(error);
        }
      }
    });
    run.immediate();
    return rejected;
  }

  /**
   * Closes a connection whose file was deleted or replaced, and removes its -wal and -shm. SQLite
   * leaves them behind in that case, and would replay our old WAL into the new file on the next
   * open, overwriting it. Only the very files this connection opened are removed.
   */
  closeMoved(): void {
    this.close();
    for (const [sidecar, identity] of this.#sidecars) {
      if (identity && isSameFile(sidecar, identity)) removeQuietly(sidecar);
    }
  }

  /** Closes the connection; a connection already broken is closed without complaint. */
  close(): void {
    try {
      this.#db.close();
    } catch {
      // Closing checkpoints the WAL, which fails on a broken file: nothing more to save.
    }
  }
}

/** Opens (creating the state directory, mode 0700, and the file if needed) and migrates. */
export function openWriterConnection(stateDir: string): WriterConnection {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const path = historyPath(stateDir);
  const db = openDatabase(path, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // SQLite's own checkpoint runs inside the commit that crosses its threshold and holds the
    // event loop for 10-15 ms on a large file: the writer checkpoints when writes pause instead.
    db.pragma('wal_autocheckpoint = 0');
    db.pragma('foreign_keys = ON');
    migrate(db, path);
    return new WriterConnection(db, path);
  } catch (error: unknown) {
    db.close();
    throw error;
  }
}

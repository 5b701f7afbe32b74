// The CLI's side of the history: a read-only connection, usable with no daemon running and
// while one is writing (WAL readers never wait for the writer).
import { existsSync } from 'node:fs';

import type BetterSqlite3 from 'better-sqlite3';

import { HistoryError } from './history-error.js';
import { historyPath } from './history-path.js';
import { readSchemaVersion, SCHEMA_VERSION, throwOnNewerSchema } from './migrations.js';
import { openDatabase } from './open-database.js';
import { computeDrainStats, type WorkerDrainStats } from './drain-stats.js';
import {
  SQL,
  type StatsEventRecord,
  type StatsStopRecord,
  type EventRecord,
  type LifecycleRecord,
  type ShutdownRecord,
  type StopRecord,
} from './reader-rows.js';
import { toLifecycleEntry, toShutdownDetail, toShutdownSummary } from './to-views.js';
import type { LifecycleEntry, ShutdownDetail, ShutdownSummary } from './views.js';

type Database = BetterSqlite3.Database;

// A reader may wait a little: it only blocks the CLI, never the daemon.
const READ_BUSY_TIMEOUT_MS = 2_000;

export interface ListOptions {
  /** At most this many, newest first. */
  limit: number;
}

export interface LifecycleListOptions extends ListOptions {
  /** Only this worker's events. */
  worker?: string;
}

/** Read-only queries over one history database. */
export class HistoryReader {
  readonly path: string;
  readonly #db: Database;

  constructor(db: Database, path: string) {
    this.#db = db;
    this.path = path;
  }

  /** The latest shutdowns, newest first, with their worker stops. */
  listShutdowns(options: ListOptions): ShutdownSummary[] {
    // One read transaction: the shutdowns and their stops come from the same snapshot.
    return this.#db.transaction(() => {
      const shutdowns = this.#all<ShutdownRecord>(SQL.latestShutdowns, options.limit);
      const ids = JSON.stringify(shutdowns.map((shutdown) => shutdown.id));
      const stops = groupByShutdown(this.#all<StopRecord>(SQL.stopsOfShutdowns, ids));
      return shutdowns.map((row) => toShutdownSummary(row, stops.get(row.id) ?? []));
    })();
  }

  /** One shutdown with its worker stops and its timeline, or null when there is no such id. */
  getShutdown(id: number): ShutdownDetail | null {
    return this.#db.transaction(() => {
      const row = this.#db.prepare<[number], ShutdownRecord>(SQL.shutdownById).get(id);
      if (!row) return null;
      const stops = this.#all<StopRecord>(SQL.stopsOfShutdowns, JSON.stringify([id]));
      const events = this.#all<EventRecord>(SQL.eventsOfShutdown, id);
      return toShutdownDetail(row, stops, events);
    })();
  }

  /** Drain figures per worker over every recorded stop (see drain-stats.ts). */
  drainStats(): WorkerDrainStats[] {
    return this.#db.transaction(() => {
      const stops = this.#db.prepare<[], StatsStopRecord>(SQL.statsStops).all();
      const events = new Map<number, StatsEventRecord[]>(stops.map((stop) => [stop.id, []]));
      for (const event of this.#db.prepare<[], StatsEventRecord>(SQL.statsEvents).iterate()) {
        events.get(event.stopId)?.push(event);
      }
      return computeDrainStats(
        stops.map((stop) => ({ ...stop, events: events.get(stop.id) ?? [] })),
      );
    })();
  }

  /** The latest worker lifecycle events, newest first, of every worker or of one. */
  listLifecycle(options: LifecycleListOptions): LifecycleEntry[] {
    const { limit, worker } = options;
    const rows =
      worker === undefined
        ? this.#all<LifecycleRecord>(SQL.latestLifecycle, limit)
        : this.#db
            .prepare<[string, number], LifecycleRecord>(SQL.latestLifecycleOfWorker)
            .all(worker, limit);
    return rows.map(toLifecycleEntry);
  }

  close(): void {
    this.#db.close();
  }

  #all<Row>(sql: string, parameter: number | string): Row[] {
    return this.#db.prepare<[number | string], Row>(sql).all(parameter);
  }
}

function groupByShutdown(stops: StopRecord[]): Map<number, StopRecord[]> {
  const groups = new Map<number, StopRecord[]>();
  for (const stop of stops) {
    const group = groups.get(stop.shutdownId);
    if (group) group.push(stop);
    else groups.set(stop.shutdownId, [stop]);
  }
  return groups;
}

function getMissingError(path: string): HistoryError {
  const message = `no history at ${path} (nothing has been recorded yet)`;
  return new HistoryError(message, 'ERR_HISTORY_MISSING', path);
}

// Limitation: reading a WAL database needs its -shm file, which SQLite creates when it is
// missing; on a read-only file system, or in a state directory the reading user may not write,
// the history cannot be read at all. SQLite's `immutable=1` would allow it, but better-sqlite3
// takes no URI file names.
function openReadOnly(path: string): Database {
  if (!existsSync(path)) throw getMissingError(path);
  try {
    return openDatabase(path, {
      readonly: true,
      fileMustExist: true,
      timeout: READ_BUSY_TIMEOUT_MS,
    });
  } catch (error: unknown) {
    const message = `cannot open history at ${path}: ${(error as Error).message}`;
    throw new HistoryError(message, 'ERR_HISTORY_UNREADABLE', path, { cause: error });
  }
}

function readVersion(db: Database, path: string): number {
  try {
    return readSchemaVersion(db);
  } catch (error: unknown) {
    const message = `cannot read history at ${path}: ${(error as Error).message}`;
    throw new HistoryError(message, 'ERR_HISTORY_UNREADABLE', path, { cause: error });
  }
}

/** Throws unless the database has exactly the schema this code reads. */
function throwOnUnreadableSchema(db: Database, path: string): void {
  const version = readVersion(db, path);
  // A file created by a writer that could not finish migrating holds nothing yet.
  if (version === 0) throw getMissingError(path);
  throwOnNewerSchema(version, path);
  if (version < SCHEMA_VERSION) {
    const message =
      `history at ${path} has the older schema version ${version}: ` +
      'start the supervisor once to upgrade it';
    throw new HistoryError(message, 'ERR_HISTORY_OUTDATED', path);
  }
}

/** Opens a state directory's history read-only; throws HistoryError when it cannot. */
export function openHistoryReader(stateDir: string): HistoryReader {
  const path = historyPath(stateDir);
  const db = openReadOnly(path);
  try {
    throwOnUnreadableSchema(db, path);
  } catch (error: unknown) {
    db.close();
    throw error;
  }
  return new HistoryReader(db, path);
}

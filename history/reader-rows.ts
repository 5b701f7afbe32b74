// The reader's queries, and the rows they return (columns renamed to camelCase in SQL).
import type { DrainMode, ShutdownOutcome, ShutdownReason, StopOutcome } from './types.js';

export interface ShutdownRecord {
  id: number;
  reason: ShutdownReason;
  trigger: string;
  host: string;
  supervisorPid: number;
  startedAt: number;
  finishedAt: number | null;
  outcome: ShutdownOutcome | null;
}

export interface StopRecord {
  shutdownId: number;
  name: string;
  instance: number;
  pid: number;
  graceMs: number;
  drainMode: DrainMode;
  drainSentAt: number | null;
  drainedAt: number | null;
  exitedAt: number | null;
  exitCode: number | null;
  signal: string | null;
  outcome: StopOutcome | null;
  inflightAtDrain: number | null;
  report: string | null;
}

export interface EventRecord {
  worker: string | null;
  instance: number | null;
  at: number;
  kind: string;
  detail: string | null;
}

export interface LifecycleRecord {
  id: number;
  at: number;
  worker: string;
  instance: number;
  pid: number | null;
  kind: string;
  detail: string | null;
}

const SHUTDOWN_COLUMNS = `id, reason, trigger, host, supervisor_pid AS supervisorPid,
  started_at AS startedAt, finished_at AS finishedAt, outcome`;

const STOP_COLUMNS = `shutdown_id AS shutdownId, worker AS name, instance, pid,
  grace_ms AS graceMs, drain_mode AS drainMode, drain_sent_at AS drainSentAt,
  drained_at AS drainedAt, exited_at AS exitedAt, exit_code AS exitCode, signal, outcome,
  inflight_at_drain AS inflightAtDrain, report`;

export interface StatsStopRecord {
  id: number;
  worker: string;
  outcome: string | null;
  drainSentAt: number | null;
  exitedAt: number | null;
}

export interface StatsEventRecord {
  stopId: number;
  at: number;
  kind: string;
  detail: string | null;
}

export const SQL = {
  latestShutdowns: `SELECT ${SHUTDOWN_COLUMNS} FROM shutdowns ORDER BY id DESC LIMIT ?`,
  shutdownById: `SELECT ${SHUTDOWN_COLUMNS} FROM shutdowns WHERE id = ?`,
  // The ids arrive as one JSON array, so that a single statement serves any number of them.
  stopsOfShutdowns: `SELECT ${STOP_COLUMNS} FROM worker_stops
    WHERE shutdown_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
  eventsOfShutdown: `SELECT worker, instance, at, kind, detail FROM events
    WHERE shutdown_id = ? ORDER BY at, id`,
  statsStops: `SELECT id, worker, outcome, drain_sent_at AS drainSentAt, exited_at AS exitedAt
    FROM worker_stops ORDER BY id`,
  statsEvents: `SELECT stop_id AS stopId, at, kind, detail FROM events
    WHERE stop_id IS NOT NULL ORDER BY at, id`,
  latestLifecycle: `SELECT id, at, worker, instance, pid, kind, detail FROM lifecycle_events
    ORDER BY at DESC, id DESC LIMIT ?`,
  latestLifecycleOfWorker: `SELECT id, at, worker, instance, pid, kind, detail
    FROM lifecycle_events WHERE worker = ? ORDER BY at DESC, id DESC LIMIT ?`,
};

// The history's rows for benchmark 6: a database filled by direct SQL, and one shutdown recorded
// through the project's writer as the daemon records it. Both write the same shape: 4 worker
// stops of 10 events each.
import { closeSync, fsyncSync, openSync } from 'node:fs';

import Database from 'better-sqlite3';

export const WORKERS = 4;
export const EVENTS_PER_WORKER = 10;
const KINDS = [
  'drain-sent',
  'accepting-stopped',
  'requests-finished',
  'idle-closed',
  'tasks-stopped',
  'resources-closed',
  'drained',
  'exit',
  'stop-signal',
  'shutdown-finished',
];

const report = JSON.stringify({
  clean: true,
  steps: [{ phase: 'http', ms: 12, inflight: 0 }],
  cutOff: [],
});

/**
 * Fills the database by direct SQL into the schema the project's own migrations created, in
 * transactions of 1,000 shutdowns: through the writer (one autocommit per shutdown and per
 * worker stop) 4.5 million rows would take minutes of the 15 the whole run has.
 */
export function fillHistory(path, shutdowns) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insert = {
    shutdown: db.prepare(
      `INSERT INTO shutdowns (id, reason, trigger, host, supervisor_pid, started_at,
       finished_at, outcome) VALUES (?, 'shutdown', 'SIGTERM', 'bench', 4242, ?, ?, ?)`,
    ),
    stop: db.prepare(
      `INSERT INTO worker_stops (id, shutdown_id, worker, instance, pid, grace_ms, drain_mode,
       drain_sent_at, drained_at, exited_at, exit_code, outcome, inflight_at_drain, report)
       VALUES (?, ?, 'web', ?, ?, 30000, 'ipc', ?, ?, ?, 0, 'drained', 3, ?)`,
    ),
    event: db.prepare(
      `INSERT INTO events (shutdown_id, stop_id, worker, instance, at, kind, detail)
       VALUES (?, ?, 'web', ?, ?, ?, ?)`,
    ),
  };
  const start = Date.UTC(2026, 0, 1);
  const chunk = db.transaction((from, to) => {
    for (let id = from; id < to; id += 1) {
      const at = start + id * 60_000;
      insert.shutdown.run(id, at, at + 120, id % 50 === 0 ? 'forced' : 'clean');
      for (let instance = 0; instance < WORKERS; instance += 1) {
        const stopId = (id - 1) * WORKERS + instance + 1;
        insert.stop.run(stopId, id, instance, 10_000 + instance, at, at + 100, at + 110, report);
        for (let e = 0; e < EVENTS_PER_WORKER; e += 1) {
          const detail = e === 0 ? '{"reason":"shutdown","graceMs":30000}' : null;
          insert.event.run(id, stopId, instance, at + e * 11, KINDS[e], detail);
        }
      }
    }
  });
  for (let from = 1; from <= shutdowns; from += 1000) {
    chunk(from, Math.min(shutdowns + 1, from + 1000));
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  syncToDisk(path);
}

/**
 * The fill writes with `synchronous = OFF`, so hundreds of MB stay dirty in the page cache, and
 * the first fsync of the file (the writer's first checkpoint) would pay for all of them: a
 * history that grew over months is on disk already.
 */
function syncToDisk(path) {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** One shutdown through the writer, as the daemon records it: 4 stops, 10 events each. */
export function recordShutdown(writer, at) {
  const id = writer.beginShutdown({
    reason: 'shutdown',
    trigger: 'SIGTERM',
    host: 'bench',
    supervisorPid: process.pid,
    startedAt: at,
  });
  for (let instance = 0; instance < WORKERS; instance += 1) {
    const stopId = writer.beginWorkerStop(id, {
      worker: 'web',
      instance,
      pid: 20_000 + instance,
      graceMs: 30_000,
      drainMode: 'ipc',
    });
    for (let e = 0; e < EVENTS_PER_WORKER; e += 1) {
      const detail = e === 0 ? { reason: 'shutdown', graceMs: 30_000 } : undefined;
      writer.recordEvent({
        shutdownId: id,
        stopId,
        worker: 'web',
        instance,
        at,
        kind: KINDS[e],
        detail,
      });
    }
    writer.updateWorkerStop(stopId, {
      drainedAt: at + 100,
      exitedAt: at + 110,
      outcome: 'drained',
    });
  }
  writer.finishShutdown(id, { finishedAt: at + 120, outcome: 'clean' });
}

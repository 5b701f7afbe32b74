// The writer's prepared statements, one per kind of write.
import type { Database, RunResult, Statement } from 'better-sqlite3';

import type {
  EventRow,
  FinishRow,
  LifecycleRow,
  PendingWrite,
  ShutdownRow,
  StopPatchRow,
  StopRow,
} from './write-rows.js';

export interface WriterStatements {
  insertShutdown: Statement<[ShutdownRow]>;
  insertStop: Statement<[StopRow]>;
  updateStop: Statement<[StopPatchRow]>;
  insertEvent: Statement<[EventRow]>;
  finishShutdown: Statement<[FinishRow]>;
  insertLifecycle: Statement<[LifecycleRow]>;
  markUnfinished: Statement<[]>;
  lastStopId: Statement<[], number>;
}

/** Prepares every statement once per connection. */
export function prepareWriterStatements(db: Database): WriterStatements {
  return {
    insertShutdown: db.prepare<[ShutdownRow]>(
      `INSERT INTO shutdowns (reason, trigger, host, supervisor_pid, started_at)
       VALUES (@reason, @trigger, @host, @supervisorPid, @startedAt)`,
    ),
    insertStop: db.prepare<[StopRow]>(
      `INSERT INTO worker_stops (id, shutdown_id, worker, instance, pid, grace_ms, drain_mode)
       VALUES (@id, @shutdownId, @worker, @instance, @pid, @graceMs, @drainMode)`,
    ),
    // A patch sets the fields it has and keeps the others: coalesce keeps the stored value.
    updateStop: db.prepare<[StopPatchRow]>(
      `UPDATE worker_stops SET
         drain_sent_at = coalesce(@drainSentAt, drain_sent_at),
         drained_at = coalesce(@drainedAt, drained_at),
         exited_at = coalesce(@exitedAt, exited_at),
         exit_code = coalesce(@exitCode, exit_code),
         signal = coalesce(@signal, signal),
         outcome = coalesce(@outcome, outcome),
         inflight_at_drain = coalesce(@inflightAtDrain, inflight_at_drain),
         report = coalesce(@report, report)
       WHERE id = @stopId`,
    ),
    insertEvent: db.prepare<[EventRow]>(
      `INSERT INTO events (shutdown_id, stop_id, worker, instance, at, kind, detail)
       VALUES (@shutdownId, @stopId, @worker, @instance, @at, @kind, @detail)`,
    ),
    finishShutdown: db.prepare<[FinishRow]>(
      'UPDATE shutdowns SET finished_at = @finishedAt, outcome = @outcome WHERE id = @id',
    ),
    insertLifecycle: db.prepare<[LifecycleRow]>(
      `INSERT INTO lifecycle_events (at, worker, instance, pid, kind, detail)
       VALUES (@at, @worker, @instance, @pid, @kind, @detail)`,
    ),
    markUnfinished: db.prepare<[]>(
      `UPDATE shutdowns SET outcome = 'incomplete' WHERE outcome IS NULL`,
    ),
    // The rowid's b-tree gives the largest id at once, however long the table.
    lastStopId: db.prepare<[], number>('SELECT coalesce(max(id), 0) FROM worker_stops').pluck(),
  };
}

/** Runs one queued write. */
export function applyWrite(statements: WriterStatements, write: PendingWrite): RunResult {
  switch (write.type) {
    case 'stop':
      return statements.insertStop.run(write.row);
    case 'stop-update':
      return statements.updateStop.run(write.row);
    case 'event':
      return statements.insertEvent.run(write.row);
    case 'finish':
      return statements.finishShutdown.run(write.row);
    case 'lifecycle':
      return statements.insertLifecycle.run(write.row);
  }
}

// A forced shutdown written through the real history writer with fixed times, for the `show`
// golden file: web#0 drains cleanly, web#1 has a request cut off, jobs#0 is killed.
import type { HistoryWriter } from '../../history/index.js';
import type { DrainReport } from '../../worker-sdk/protocol.js';
import { openTestHistory, T0 } from '../history/history-fixtures.js';

type EventKind = Parameters<HistoryWriter['recordEvent']>[0]['kind'];
type Step = [offsetMs: number, kind: EventKind, detail?: Record<string, unknown>];

interface StopFixture {
  worker: string;
  instance: number;
  pid: number;
  graceMs: number;
  steps: Step[];
  patch: Parameters<HistoryWriter['updateWorkerStop']>[1];
}

function report(durationMs: number, http: DrainReport['http'], extra = {}): DrainReport {
  return {
    reason: 'shutdown',
    startedAt: T0 + 4,
    durationMs,
    http,
    tasks: [{ name: 'outbox', outcome: 'done', durationMs: 270 }],
    resources: [{ name: 'db', outcome: 'done', durationMs: 330 }],
    clean: http.cutRequests.length === 0,
    ...extra,
  };
}

const CUT_HTTP = {
  inflightAtDrain: 2,
  completedDuringDrain: 1,
  socketsForced: 1,
  cutRequests: [{ method: 'GET', path: '/export', ageMs: 4507 }],
};

const STOPS: StopFixture[] = [
  {
    worker: 'web',
    instance: 0,
    pid: 2000,
    graceMs: 5000,
    steps: [
      [2, 'drain-sent', { reason: 'shutdown', deadline: T0 + 5002, graceMs: 5000 }],
      [4, 'drain-received'],
      [6, 'http-closed', { inflight: 3, servers: 1 }],
      [640, 'http-idle', { completed: 3, socketsForced: 0, cutRequests: 0 }],
      [910, 'tasks-done', { tasks: [{ name: 'outbox', outcome: 'done', durationMs: 270 }] }],
      [1150, 'resource-closed', { name: 'cache', outcome: 'done', durationMs: 240 }],
      [1480, 'resource-closed', { name: 'db', outcome: 'done', durationMs: 330 }],
      [1484, 'drained', { clean: true, durationMs: 1480 }],
      [1490, 'exit', { code: 0, signal: null }],
    ],
    patch: {
      drainedAt: T0 + 1484,
      exitedAt: T0 + 1490,
      exitCode: 0,
      outcome: 'drained',
      inflightAtDrain: 3,
      report: report(1480, { ...CUT_HTTP, inflightAtDrain: 3, socketsForced: 0, cutRequests: [] }),
    },
  },
  {
    worker: 'web',
    instance: 1,
    pid: 2001,
    graceMs: 5000,
    steps: [
      [3, 'drain-sent', { reason: 'shutdown', deadline: T0 + 5003, graceMs: 5000 }],
      [5, 'drain-received'],
      [7, 'http-closed', { inflight: 2, servers: 1 }],
      [4510, 'http-idle', { completed: 1, socketsForced: 1, cutRequests: 1 }],
      [4530, 'tasks-done', { tasks: [{ name: 'outbox', outcome: 'done', durationMs: 15 }] }],
      [4620, 'resource-closed', { name: 'db', outcome: 'done', durationMs: 90 }],
      [4625, 'drained', { clean: false, durationMs: 4620 }],
      [4632, 'exit', { code: 0, signal: null }],
    ],
    patch: {
      drainedAt: T0 + 4625,
      exitedAt: T0 + 4632,
      exitCode: 0,
      outcome: 'drained',
      inflightAtDrain: 2,
      // `queries` stands for a report field newer than this CLI: it must still be shown.
      report: report(4620, CUT_HTTP, {
        queries: [{ sql: 'SELECT * FROM exports', ageMs: 4490, outcome: 'cancelled' }],
      }),
    },
  },
  {
    worker: 'jobs',
    instance: 0,
    pid: 2002,
    graceMs: 3000,
    steps: [
      [3, 'drain-sent', { reason: 'shutdown', deadline: T0 + 3003, graceMs: 3000 }],
      [6, 'drain-received'],
      [3003, 'kill-signal', { signal: 'SIGTERM', lastPhase: 'drain-received', lastDetail: {} }],
      [5003, 'sigkill', { afterMs: 2000 }],
      [5005, 'exit', { code: null, signal: 'SIGKILL' }],
    ],
    patch: { exitedAt: T0 + 5005, signal: 'SIGKILL', outcome: 'killed' },
  },
];

function writeStop(writer: HistoryWriter, shutdownId: number | null, stop: StopFixture): void {
  const { worker, instance, pid, graceMs } = stop;
  const stopId = writer.beginWorkerStop(shutdownId, {
    worker,
    instance,
    pid,
    graceMs,
    drainMode: 'ipc',
  });
  writer.updateWorkerStop(stopId, { drainSentAt: T0 + stop.steps[0]![0] });
  for (const [offsetMs, kind, detail] of stop.steps) {
    writer.recordEvent({ shutdownId, stopId, worker, instance, at: T0 + offsetMs, kind, detail });
  }
  writer.updateWorkerStop(stopId, stop.patch);
}

/** Writes the shutdown into a fresh history in `stateDir`; returns its id. */
export function writeTimelineShutdown(stateDir: string): number {
  const { writer } = openTestHistory(stateDir);
  const id = writer.beginShutdown({
    reason: 'shutdown',
    trigger: 'SIGTERM',
    host: 'test-host',
    supervisorPid: 1000,
    startedAt: T0,
  });
  const started = { reason: 'shutdown', trigger: 'SIGTERM' };
  writer.recordEvent({ shutdownId: id, at: T0, kind: 'shutdown-started', detail: started });
  for (const stop of STOPS) writeStop(writer, id, stop);
  const finished = { outcome: 'forced', durationMs: 5010 };
  writer.recordEvent({
    shutdownId: id,
    at: T0 + 5010,
    kind: 'shutdown-finished',
    detail: finished,
  });
  writer.finishShutdown(id, { finishedAt: T0 + 5010, outcome: 'forced' });
  writer.close();
  return id!;
}

// Shared by the history and CLI tests: temporary state directories, a logger that keeps its
// lines in memory, and a realistic set of shutdowns written through the real writer.
import { rmSync } from 'node:fs';

import { pino, type Logger } from 'pino';

import { openHistory, type HistoryWriter, type HistoryWriterOptions } from '../../history/index.js';
import type { DrainReport } from '../../worker-sdk/protocol.js';
import { makeTempDir as makeTempDirBase } from '../support/temp-dir.js';

/** A fresh directory per test; `remove` deletes it and everything in it. */
export interface TempDir {
  path: string;
  remove: () => void;
}

export function makeTempDir(): TempDir {
  const path = makeTempDirBase('graceful-history-');
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface LogLine {
  level: number;
  msg: string;
  code?: string;
  codes?: string[];
}

/** A pino logger writing parsed lines into an array. */
export function memoryLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const destination = { write: (line: string) => lines.push(JSON.parse(line) as LogLine) };
  return { logger: pino({ level: 'debug' }, destination), lines };
}

/** Opens a writer on a test logger. */
export function openTestHistory(stateDir: string, options?: HistoryWriterOptions) {
  const { logger, lines } = memoryLogger();
  return { writer: openHistory(stateDir, logger, options), lines };
}

/** 2024-05-01T12:00:00.000Z: every sample shutdown is placed relative to it. */
export const T0 = Date.UTC(2024, 4, 1, 12, 0, 0, 0);

export interface SampleIds {
  forced: number;
  reload: number;
  running: number;
}

function cleanReport(startedAt: number, inflight: number): DrainReport {
  return {
    reason: 'shutdown',
    startedAt,
    durationMs: 380,
    http: {
      inflightAtDrain: inflight,
      completedDuringDrain: inflight,
      socketsForced: 0,
      cutRequests: [],
    },
    tasks: [{ name: 'outbox', outcome: 'done', durationMs: 20 }],
    resources: [{ name: 'db', outcome: 'done', durationMs: 15 }],
    clean: true,
  };
}

function cutReport(startedAt: number): DrainReport {
  return {
    reason: 'shutdown',
    startedAt,
    durationMs: 4990,
    http: {
      inflightAtDrain: 2,
      completedDuringDrain: 1,
      socketsForced: 1,
      cutRequests: [{ method: 'GET', path: '/slow', ageMs: 5003 }],
    },
    tasks: [{ name: 'outbox', outcome: 'timed-out', durationMs: 3000 }],
    resources: [{ name: 'db', outcome: 'failed', durationMs: 4, error: 'ECONNRESET' }],
    clean: false,
  };
}

function writeForcedShutdown(writer: HistoryWriter): number {
  const id = writer.beginShutdown({
    reason: 'shutdown',
    trigger: 'SIGTERM',
    host: 'test-host',
    supervisorPid: 1000,
    startedAt: T0,
  });
  const at = (offset: number) => T0 + offset;
  writer.recordEvent({ shutdownId: id, at: T0, kind: 'shutdown-started', detail: { pids: 3 } });

  const web0 = writer.beginWorkerStop(id, {
    worker: 'web',
    instance: 0,
    pid: 2000,
    graceMs: 5000,
    drainMode: 'ipc',
  });
  const web0Event = { shutdownId: id, stopId: web0, worker: 'web', instance: 0 };
  writer.updateWorkerStop(web0, { drainSentAt: at(2) });
  writer.recordEvent({
    ...web0Event,
    at: at(2),
    kind: 'drain-sent',
    detail: { deadline: at(5002) },
  });
  writer.recordEvent({ ...web0Event, at: at(5), kind: 'drain-received' });
  writer.recordEvent({ ...web0Event, at: at(12), kind: 'http-closed', detail: { inflight: 10 } });
  writer.recordEvent({ ...web0Event, at: at(340), kind: 'http-idle' });
  writer.recordEvent({
    ...web0Event,
    at: at(380),
    kind: 'resource-closed',
    detail: { name: 'db' },
  });
  writer.recordEvent({ ...web0Event, at: at(385), kind: 'drained' });
  writer.recordEvent({ ...web0Event, at: at(390), kind: 'exit', detail: { exitCode: 0 } });
  writer.updateWorkerStop(web0, {
    drainedAt: at(385),
    exitedAt: at(390),
    exitCode: 0,
    outcome: 'drained',
    inflightAtDrain: 10,
    report: cleanReport(at(5), 10),
  });

  const web1 = writer.beginWorkerStop(id, {
    worker: 'web',
    instance: 1,
    pid: 2001,
    graceMs: 5000,
    drainMode: 'ipc',
  });
  const web1Event = { shutdownId: id, stopId: web1, worker: 'web', instance: 1 };
  writer.updateWorkerStop(web1, { drainSentAt: at(3) });
  writer.recordEvent({ ...web1Event, at: at(3), kind: 'drain-sent' });
  writer.recordEvent({ ...web1Event, at: at(14), kind: 'http-closed', detail: { inflight: 2 } });
  writer.recordEvent({ ...web1Event, at: at(4995), kind: 'drained' });
  writer.recordEvent({ ...web1Event, at: at(4999), kind: 'exit', detail: { exitCode: 0 } });
  writer.updateWorkerStop(web1, {
    drainedAt: at(4995),
    exitedAt: at(4999),
    exitCode: 0,
    outcome: 'drained',
    inflightAtDrain: 2,
    report: cutReport(at(4)),
  });

  const jobs = writer.beginWorkerStop(id, {
    worker: 'jobs',
    instance: 0,
    pid: 2002,
    graceMs: 1000,
    drainMode: 'signal',
  });
  const jobsEvent = { shutdownId: id, stopId: jobs, worker: 'jobs', instance: 0 };
  writer.updateWorkerStop(jobs, { drainSentAt: at(400) });
  writer.recordEvent({
    ...jobsEvent,
    at: at(400),
    kind: 'drain-sent',
    detail: { signal: 'SIGTERM' },
  });
  writer.recordEvent({
    ...jobsEvent,
    at: at(1400),
    kind: 'kill-signal',
    detail: { signal: 'SIGTERM' },
  });
  writer.recordEvent({ ...jobsEvent, at: at(6400), kind: 'sigkill' });
  writer.recordEvent({ ...jobsEvent, at: at(6401), kind: 'exit', detail: { signal: 'SIGKILL' } });
  writer.updateWorkerStop(jobs, { exitedAt: at(6401), signal: 'SIGKILL', outcome: 'killed' });

  writer.finishShutdown(id, { finishedAt: at(6410), outcome: 'forced' });
  return id!;
}

function writeCleanReload(writer: HistoryWriter, startedAt: number): number {
  const id = writer.beginShutdown({
    reason: 'reload',
    trigger: 'cli',
    host: 'test-host',
    supervisorPid: 1000,
    startedAt,
  });
  const stop = writer.beginWorkerStop(id, {
    worker: 'web',
    instance: 0,
    pid: 2100,
    graceMs: 5000,
    drainMode: 'ipc',
  });
  writer.updateWorkerStop(stop, { drainSentAt: startedAt + 1 });
  writer.recordEvent({
    shutdownId: id,
    stopId: stop,
    worker: 'web',
    instance: 0,
    at: startedAt + 1,
    kind: 'drain-sent',
  });
  writer.updateWorkerStop(stop, {
    drainedAt: startedAt + 440,
    exitedAt: startedAt + 445,
    exitCode: 0,
    outcome: 'drained',
    inflightAtDrain: 0,
    report: cleanReport(startedAt + 2, 0),
  });
  writer.finishShutdown(id, { finishedAt: startedAt + 450, outcome: 'clean' });
  return id!;
}

/** Three shutdowns, oldest first: a forced stop, a clean reload, one still running. */
export function writeSampleHistory(stateDir: string): SampleIds {
  const { writer } = openTestHistory(stateDir);
  const forced = writeForcedShutdown(writer);
  const reload = writeCleanReload(writer, T0 + 60_000);
  const running = writer.beginShutdown({
    reason: 'memory-limit',
    trigger: 'memory-limit',
    host: 'test-host',
    supervisorPid: 1000,
    startedAt: T0 + 120_000,
  })!;
  writer.close();
  return { forced, reload, running };
}

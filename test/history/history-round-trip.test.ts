import { expect } from 'chai';

import { openHistoryReader } from '../../history/index.js';
import {
  makeTempDir,
  openTestHistory,
  T0,
  writeSampleHistory,
  type TempDir,
} from './history-fixtures.js';

describe('history writer and reader', () => {
  let dir: TempDir;

  beforeEach(() => {
    dir = makeTempDir();
  });

  afterEach(() => {
    dir.remove();
  });

  it('listShutdowns() returns every shutdown newest first, with its workers', () => {
    const ids = writeSampleHistory(dir.path);
    const reader = openHistoryReader(dir.path);
    const shutdowns = reader.listShutdowns({ limit: 20 });
    reader.close();

    expect(shutdowns.map((shutdown) => shutdown.id)).to.deep.equal([
      ids.running,
      ids.reload,
      ids.forced,
    ]);
    expect(shutdowns[2]).to.deep.equal({
      id: ids.forced,
      reason: 'shutdown',
      trigger: 'SIGTERM',
      startedAt: '2024-05-01T12:00:00.000Z',
      finishedAt: '2024-05-01T12:00:06.410Z',
      durationMs: 6410,
      outcome: 'forced',
      workers: [
        {
          name: 'web',
          instance: 0,
          pid: 2000,
          outcome: 'drained',
          graceMs: 5000,
          inflightAtDrain: 10,
          drainMs: 388,
          exitCode: 0,
          signal: null,
        },
        {
          name: 'web',
          instance: 1,
          pid: 2001,
          outcome: 'drained',
          graceMs: 5000,
          inflightAtDrain: 2,
          drainMs: 4996,
          exitCode: 0,
          signal: null,
        },
        {
          name: 'jobs',
          instance: 0,
          pid: 2002,
          outcome: 'killed',
          graceMs: 1000,
          inflightAtDrain: null,
          drainMs: 6001,
          exitCode: null,
          signal: 'SIGKILL',
        },
      ],
    });
  });

  it('listShutdowns() leaves finishedAt, durationMs and outcome null while a shutdown runs', () => {
    const ids = writeSampleHistory(dir.path);
    const reader = openHistoryReader(dir.path);
    const [running] = reader.listShutdowns({ limit: 1 });
    reader.close();

    expect(running).to.include({
      id: ids.running,
      finishedAt: null,
      durationMs: null,
      outcome: null,
    });
    expect(running!.workers).to.deep.equal([]);
  });

  it('listShutdowns() returns at most `limit` shutdowns', () => {
    const ids = writeSampleHistory(dir.path);
    const reader = openHistoryReader(dir.path);
    const shutdowns = reader.listShutdowns({ limit: 2 });
    reader.close();

    expect(shutdowns.map((shutdown) => shutdown.id)).to.deep.equal([ids.running, ids.reload]);
  });

  it('getShutdown() returns the timeline in time order with offsets from the start', () => {
    const ids = writeSampleHistory(dir.path);
    const reader = openHistoryReader(dir.path);
    const shutdown = reader.getShutdown(ids.forced)!;
    reader.close();

    expect(shutdown).to.include({ host: 'test-host', supervisorPid: 1000, outcome: 'forced' });
    const offsets = shutdown.events.map((event) => event.offsetMs);
    expect(offsets).to.deep.equal([...offsets].sort((a, b) => a - b));
    expect(shutdown.events[0]).to.deep.equal({
      offsetMs: 0,
      at: '2024-05-01T12:00:00.000Z',
      worker: null,
      instance: null,
      kind: 'shutdown-started',
      detail: { pids: 3 },
    });
    expect(shutdown.events).to.deep.include({
      offsetMs: 12,
      at: '2024-05-01T12:00:00.012Z',
      worker: 'web',
      instance: 0,
      kind: 'http-closed',
      detail: { inflight: 10 },
    });
    expect(shutdown.events.find((event) => event.kind === 'http-idle')!.detail).to.deep.equal({});
  });

  it('getShutdown() returns each worker with its times, drain mode and parsed report', () => {
    const ids = writeSampleHistory(dir.path);
    const reader = openHistoryReader(dir.path);
    const [web0, web1, jobs] = reader.getShutdown(ids.forced)!.workers;
    reader.close();

    expect(web0).to.include({
      drainMode: 'ipc',
      drainSentAt: '2024-05-01T12:00:00.002Z',
      drainedAt: '2024-05-01T12:00:00.385Z',
      exitedAt: '2024-05-01T12:00:00.390Z',
      drainMs: 388,
    });
    expect(web0!.report).to.include({ clean: true, startedAt: T0 + 5 });
    expect(web1!.report).to.deep.nested.include({ 'http.cutRequests[0].path': '/slow' });
    expect(jobs).to.include({ drainMode: 'signal', drainedAt: null, report: null });
  });

  it('getShutdown() returns null for an id that does not exist', () => {
    writeSampleHistory(dir.path);
    const reader = openHistoryReader(dir.path);

    expect(reader.getShutdown(999)).to.equal(null);
    reader.close();
  });

  it('updateWorkerStop() sets the fields it is given and keeps the others', () => {
    const { writer } = openTestHistory(dir.path);
    const id = writer.beginShutdown({
      reason: 'restart',
      trigger: 'cli',
      host: 'h',
      supervisorPid: 1,
      startedAt: T0,
    });
    const stop = writer.beginWorkerStop(id, {
      worker: 'w',
      instance: 0,
      pid: 9,
      graceMs: 10,
      drainMode: 'ipc',
    });
    writer.updateWorkerStop(stop, { drainSentAt: T0 + 1, inflightAtDrain: 4 });
    writer.updateWorkerStop(stop, { exitedAt: T0 + 21.6, exitCode: 3, outcome: 'crashed' });
    writer.close();

    const reader = openHistoryReader(dir.path);
    const [worker] = reader.getShutdown(id!)!.workers;
    reader.close();
    expect(worker).to.include({ inflightAtDrain: 4, drainMs: 21, exitCode: 3, outcome: 'crashed' });
  });

  it('recordLifecycle() events are listed newest first by listLifecycle()', () => {
    const { writer } = openTestHistory(dir.path);
    writer.recordLifecycle({ at: T0, worker: 'web', instance: 0, pid: 5, kind: 'spawn' });
    writer.recordLifecycle({ at: T0 + 50, worker: 'web', instance: 0, pid: 5, kind: 'ready' });
    writer.recordLifecycle({
      at: T0 + 90,
      worker: 'web',
      instance: 0,
      kind: 'crash',
      detail: { exitCode: 1 },
    });
    writer.close();

    const reader = openHistoryReader(dir.path);
    const entries = reader.listLifecycle({ limit: 2 });
    reader.close();
    expect(entries.map((entry) => entry.kind)).to.deep.equal(['crash', 'ready']);
    expect(entries[0]).to.deep.include({
      at: '2024-05-01T12:00:00.090Z',
      pid: null,
      detail: { exitCode: 1 },
    });
  });
});

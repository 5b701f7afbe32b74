import { setImmediate as nextTurn } from 'node:timers/promises';

import { expect } from 'chai';

import { openHistoryReader, type HistoryWriter } from '../../history/index.js';
import { makeTempDir, openTestHistory, T0, type TempDir } from './history-fixtures.js';

const START = { reason: 'shutdown', trigger: 'SIGTERM', host: 'h', supervisorPid: 1 } as const;

function countEvents(stateDir: string, id: number): number {
  const reader = openHistoryReader(stateDir);
  const count = reader.getShutdown(id)!.events.length;
  reader.close();
  return count;
}

function recordEvents(writer: HistoryWriter, shutdownId: number, count: number): void {
  for (let i = 0; i < count; i += 1) {
    writer.recordEvent({ shutdownId, at: T0 + i, kind: 'http-closed', detail: { i } });
  }
}

describe('history writer batching', () => {
  let dir: TempDir;

  beforeEach(() => {
    dir = makeTempDir();
  });

  afterEach(() => {
    dir.remove();
  });

  it('recordEvent() commits on the next turn of the event loop, not at once', async () => {
    const { writer } = openTestHistory(dir.path);
    const id = writer.beginShutdown({ ...START, startedAt: T0 })!;
    recordEvents(writer, id, 3);

    expect(countEvents(dir.path, id)).to.equal(0);
    await nextTurn();
    expect(countEvents(dir.path, id)).to.equal(3);
    writer.close();
  });

  it('flush() commits every queued write synchronously', () => {
    const { writer } = openTestHistory(dir.path);
    const id = writer.beginShutdown({ ...START, startedAt: T0 })!;
    recordEvents(writer, id, 25);

    expect(writer.flush()).to.equal(true);
    expect(countEvents(dir.path, id)).to.equal(25);
    expect(writer.stats()).to.include({ pending: 0, committed: 25, dropped: 0 });
    writer.close();
  });

  it('commits at most `batchSize` writes per turn of the event loop', async () => {
    const { writer } = openTestHistory(dir.path, { batchSize: 10 });
    const id = writer.beginShutdown({ ...START, startedAt: T0 })!;
    recordEvents(writer, id, 25);

    await nextTurn();
    expect(writer.stats()).to.include({ committed: 10, pending: 15 });
    await nextTurn();
    await nextTurn();
    expect(writer.stats()).to.include({ committed: 25, pending: 0 });
    writer.close();
  });

  it('beginWorkerStop() commits nothing at once: its row joins the next batch', async () => {
    const { writer } = openTestHistory(dir.path);
    const id = writer.beginShutdown({ ...START, startedAt: T0 })!;
    recordEvents(writer, id, 2);
    const stops = [0, 1].map((instance) =>
      writer.beginWorkerStop(id, { worker: 'w', instance, pid: 5, graceMs: 1, drainMode: 'ipc' }),
    );

    expect(stops[1]).to.equal(stops[0]! + 1);
    expect(countEvents(dir.path, id)).to.equal(0);
    expect(writer.stats()).to.include({ committed: 0, pending: 4 });
    await nextTurn();
    expect(writer.stats()).to.include({ committed: 4, pending: 0 });
    expect(countEvents(dir.path, id)).to.equal(2);
    writer.close();
  });

  it('close() commits what is still queued', () => {
    const { writer } = openTestHistory(dir.path);
    const id = writer.beginShutdown({ ...START, startedAt: T0 })!;
    recordEvents(writer, id, 4);
    writer.close();

    expect(countEvents(dir.path, id)).to.equal(4);
  });

  it('ignores writes for a null id and every write after close()', () => {
    const { writer, lines } = openTestHistory(dir.path);
    writer.recordEvent({ shutdownId: null, at: T0, kind: 'forced' });
    writer.updateWorkerStop(null, { outcome: 'killed' });
    writer.finishShutdown(null, { finishedAt: T0, outcome: 'forced' });
    expect(
      writer.beginWorkerStop(null, {
        worker: 'w',
        instance: 0,
        pid: 5,
        graceMs: 1,
        drainMode: 'ipc',
      }),
    ).to.equal(null);
    writer.close();

    expect(writer.beginShutdown({ ...START, startedAt: T0 })).to.equal(null);
    writer.recordLifecycle({ at: T0, worker: 'w', instance: 0, kind: 'spawn' });
    writer.close();
    expect(writer.stats()).to.include({ pending: 0, committed: 0 });
    expect(lines).to.deep.equal([]);
  });

  it('markUnfinishedIncomplete() closes unfinished shutdowns as incomplete and counts them', () => {
    const { writer } = openTestHistory(dir.path);
    const done = writer.beginShutdown({ ...START, startedAt: T0 })!;
    writer.finishShutdown(done, { finishedAt: T0 + 5, outcome: 'clean' });
    const left = [
      writer.beginShutdown({ ...START, startedAt: T0 + 10 })!,
      writer.beginShutdown({ ...START, startedAt: T0 + 20 })!,
    ];

    expect(writer.markUnfinishedIncomplete()).to.equal(2);
    expect(writer.markUnfinishedIncomplete()).to.equal(0);
    writer.close();

    const reader = openHistoryReader(dir.path);
    const outcomes = reader
      .listShutdowns({ limit: 10 })
      .map((s) => [s.id, s.outcome, s.finishedAt]);
    reader.close();
    expect(outcomes).to.deep.equal([
      [left[1], 'incomplete', null],
      [left[0], 'incomplete', null],
      [done, 'clean', '2024-05-01T12:00:00.005Z'],
    ]);
  });
});

import { setImmediate as nextTurn } from 'node:timers/promises';

import { expect } from 'chai';

import { openHistoryReader } from '../../history/index.js';
import { makeTempDir, openTestHistory, T0, type TempDir } from './history-fixtures.js';

const EVENTS = 50_000;
// Events arriving per turn of the event loop: about a millisecond's worth at 50,000 a second,
// plus slack for a loop that runs late.
const PER_TURN = 250;

describe('history writer under a burst', () => {
  let dir: TempDir;

  beforeEach(() => {
    dir = makeTempDir();
  });

  afterEach(() => {
    dir.remove();
  });

  it(`records ${EVENTS} events without one long synchronous commit`, async () => {
    const { writer, lines } = openTestHistory(dir.path);
    const id = writer.beginShutdown({
      reason: 'shutdown',
      trigger: 'SIGTERM',
      host: 'h',
      supervisorPid: 1,
      startedAt: T0,
    })!;
    const started = performance.now();

    for (let sent = 0; sent < EVENTS; sent += PER_TURN) {
      for (let i = sent; i < sent + PER_TURN; i += 1) {
        const detail = { inflight: i % 50, path: '/orders' };
        writer.recordEvent({
          shutdownId: id,
          worker: 'web',
          instance: 0,
          at: T0 + i,
          kind: 'http-closed',
          detail,
        });
      }
      await nextTurn();
    }
    writer.flush();
    const elapsed = performance.now() - started;
    const { longestCommitMs, committed } = writer.stats();
    writer.close();

    // The real target (a few ms) is measured by the benchmarks; this only catches a regression.
    console.log(
      `      ${EVENTS} events in ${elapsed.toFixed(0)} ms, ` +
        `longest single commit ${longestCommitMs.toFixed(1)} ms`,
    );
    expect(longestCommitMs).to.be.below(200);
    expect(committed).to.equal(EVENTS);
    expect(lines).to.deep.equal([]);
    const reader = openHistoryReader(dir.path);
    expect(reader.getShutdown(id)!.events).to.have.length(EVENTS);
    reader.close();
  });
});

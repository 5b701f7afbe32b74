import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect } from 'chai';
import fc from 'fast-check';

import { historyJson } from '../support/history-cli.js';
import { fixtureWorker } from '../support/paths.js';
import { makeTempDir } from '../support/temp-dir.js';
import { logsWith, printCounts, startSupervised, waitWhileAlive } from './supervised.js';

const HUGE = 8 * 1024 * 1024;

/** Anything at all, and things that claim to be ours with any field of any type. */
function randomMessages(count: number): unknown[] {
  const ours = fc.record({
    supervisor: fc.oneof(fc.constant(1), fc.jsonValue()),
    type: fc.oneof(fc.constantFrom('ready', 'heartbeat', 'progress', 'drain', 'x'), fc.jsonValue()),
    phase: fc.oneof(fc.constantFrom('http-closed', 'tasks-done'), fc.jsonValue()),
    at: fc.jsonValue(),
    detail: fc.jsonValue(),
  });
  return fc.sample(fc.oneof(fc.jsonValue(), ours), count);
}

const WRONG_TYPES = [
  { supervisor: 1, type: 42 },
  { supervisor: '1', type: 'ready' },
  { supervisor: 1, type: 'progress', phase: 'http-closed', at: 'now' },
  { supervisor: 1, type: 'progress', phase: 'no-such-phase', at: 1 },
  { supervisor: 1, type: 'progress', phase: 'http-closed', at: 1, detail: [1] },
  { supervisor: 1, type: 'drained', report: 'all good' },
  { supervisor: null },
];

const HUGE_PAYLOADS = [
  { supervisor: 1, type: 'heartbeat', padding: 'x'.repeat(HUGE) },
  { supervisor: 1, type: 'progress', phase: 'http-closed', at: 1, detail: { x: 'y'.repeat(HUGE) } },
];

const UNASKED_DRAINED = Array.from({ length: 50 }, () => ({
  supervisor: 1,
  type: 'drained',
  report: { clean: true, durationMs: 0 },
}));

const VERSION_2 = [
  { supervisor: 2, type: 'ready' },
  { supervisor: 2, type: 'drained', report: { clean: true } },
];

/** Bytes no JSON parser takes, written straight onto the channel's file descriptor. */
const RAW_LINES = 'not json at all\n{"supervisor":1,"type":\n\u0001\u0002\n';

describe('reliability: hostile IPC from a worker', function () {
  this.timeout(30_000);

  it('ignores whatever a worker sends, with one log line per kind, and survives', async () => {
    const dir = makeTempDir('gs-rel-');
    const groups = {
      randomJson: randomMessages(300),
      wrongTypes: WRONG_TYPES,
      huge: HUGE_PAYLOADS,
      unaskedDrained: UNASKED_DRAINED,
      version2: VERSION_2,
    };
    const messagesFile = join(dir, 'messages.json');
    const doneFile = join(dir, 'done');
    writeFileSync(messagesFile, JSON.stringify(Object.values(groups).flat()));
    const { supervisor, stateDir } = startSupervised(
      [
        {
          name: 'hostile',
          script: fixtureWorker('rel-hostile-ipc'),
          env: { MESSAGES_FILE: messagesFile, RAW_LINES, DONE_FILE: doneFile },
        },
        { name: 'bystander', script: fixtureWorker('slow-task') },
      ],
      dir,
    );
    await waitWhileAlive(supervisor, () => existsSync(doneFile));
    await supervisor.waitReady(2);
    supervisor.signal('SIGTERM');
    const exit = await supervisor.exited;

    const hostileLines = supervisor.logs.filter((line) => line.worker === 'hostile');
    const counts = Object.fromEntries(Object.entries(groups).map(([k, v]) => [k, v.length]));
    printCounts('hostile IPC', {
      ...counts,
      rawLines: RAW_LINES.split('\n').length - 1,
      logLines: hostileLines.length,
      invalidLogged: logsWith(supervisor, 'invalid message from worker ignored').length,
      unaskedLogged: hostileLines.filter((line) => line.msg.startsWith('drained report')).length,
    });
    expect(exit.code, 'the supervisor exit code').to.equal(0);
    expect(logsWith(supervisor, 'invalid message from worker ignored')).to.have.length(1);
    expect(hostileLines.filter((line) => line.msg.startsWith('drained report'))).to.have.length(1);
    expect(hostileLines.filter((line) => line.level >= 50)).to.deep.equal([]);
    const outcomes = historyJson(stateDir)[0]!.workers.map((worker) => worker.outcome);
    expect(outcomes).to.deep.equal(['drained', 'drained']);
  });
});

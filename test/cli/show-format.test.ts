import { expect } from 'chai';

import { createPaint, shouldColour } from '../../cli/format-colour.js';
import { formatDetail, formatDuration } from '../../cli/format-values.js';
import { listCutOffs } from '../../cli/render-cut-off.js';
import type { WorkerStopDetail } from '../../history/index.js';

function worker(overrides: Partial<WorkerStopDetail>): WorkerStopDetail {
  return {
    name: 'web',
    instance: 0,
    pid: 10,
    outcome: 'drained',
    graceMs: 5000,
    inflightAtDrain: null,
    drainMs: null,
    exitCode: 0,
    signal: null,
    drainMode: 'ipc',
    drainSentAt: null,
    drainedAt: null,
    exitedAt: null,
    report: null,
    ...overrides,
  };
}

describe('show formatting', () => {
  it('formatDuration() keeps milliseconds up to 10 s, then seconds, then minutes', () => {
    const formatted = [null, 0, 9_999, 12_345, 125_000].map(formatDuration);

    expect(formatted).to.deep.equal(['-', '0 ms', '9999 ms', '12.35 s', '2 min 5 s']);
  });

  it('formatDetail() writes key=value pairs, quoting what would be ambiguous', () => {
    const detail = { inflight: 3, path: '/orders', error: 'socket hang up', ids: [1, 2] };

    expect(formatDetail(detail)).to.equal(
      'inflight=3 path=/orders error="socket hang up" ids=[1,2]',
    );
  });

  it('shouldColour() needs a terminal or FORCE_COLOR, and NO_COLOR always wins', () => {
    expect(shouldColour({ isTTY: true }, {})).to.equal(true);
    expect(shouldColour({ isTTY: false }, {})).to.equal(false);
    expect(shouldColour({ isTTY: true }, { TERM: 'dumb' })).to.equal(false);
    expect(shouldColour({}, { FORCE_COLOR: '1' })).to.equal(true);
    expect(shouldColour({}, { FORCE_COLOR: '0' })).to.equal(false);
    expect(shouldColour({ isTTY: true }, { NO_COLOR: '' })).to.equal(false);
    expect(shouldColour({ isTTY: true }, { NO_COLOR: '1', FORCE_COLOR: '1' })).to.equal(false);
  });

  it('createPaint() returns text unchanged when colour is off', () => {
    expect(createPaint({ isTTY: false }, {})('red', 'x')).to.equal('x');
    expect(createPaint({ isTTY: true }, {})('red', 'x')).to.equal('\u001b[31mx\u001b[39m');
  });

  it('listCutOffs() reads malformed reports without throwing', () => {
    const reports = [
      { http: 'nope', tasks: 5 },
      { http: { cutRequests: [null, { method: 'GET' }], socketsForced: 'x' }, tasks: [{}] },
      { resources: [{ name: 'db', outcome: 'failed' }] },
    ];
    const cutOffs = listCutOffs(reports.map((report) => worker({ report })));

    expect(cutOffs.map((cutOff) => cutOff.what)).to.deep.equal([
      'GET ?, running for ? ms',
      'resource db failed after ? ms',
    ]);
  });

  it('listCutOffs() lists report fields it does not know, item by item, skipping done ones', () => {
    const report = {
      clean: false,
      queries: [
        { sql: 'SELECT 1', outcome: 'cancelled', ageMs: 40 },
        { sql: 'SELECT 2', outcome: 'done' },
      ],
      websockets: 'not a list',
      constructor: [{ outcome: 'forced' }],
    };

    expect(listCutOffs([worker({ report })]).map((cutOff) => cutOff.what)).to.deep.equal([
      'queries: sql="SELECT 1" outcome=cancelled ageMs=40',
      'constructor: outcome=forced',
    ]);
  });

  it('listCutOffs() lists workers killed or crashed', () => {
    const cutOffs = listCutOffs([
      worker({ name: 'jobs', outcome: 'killed', exitCode: null, signal: 'SIGKILL' }),
      worker({ instance: 1, outcome: 'crashed', exitCode: 3 }),
    ]);

    expect(cutOffs).to.deep.equal([
      { worker: 'jobs#0', what: 'killed by signal SIGKILL after its 5000 ms grace' },
      { worker: 'web#1', what: 'crashed during the drain (exit code 3)' },
    ]);
  });
});

import { expect } from 'chai';

import { createPaint } from '../../cli/format-colour.js';
import { ASCII_GLYPHS, UNICODE_GLYPHS, type Glyphs } from '../../cli/timeline/glyphs.js';
import { renderChart } from '../../cli/timeline/render-chart.js';
import type { ShutdownDetail, TimelineEvent, WorkerStopDetail } from '../../history/index.js';
import { stripAnsi } from '../support/ansi.js';

const START = Date.UTC(2024, 4, 1, 12, 0, 0);

function iso(offsetMs: number | null): string | null {
  return offsetMs === null ? null : new Date(START + offsetMs).toISOString();
}

function stop(name: string, sentMs: number, exitMs: number | null, graceMs = 1000) {
  const worker: WorkerStopDetail = {
    name,
    instance: 0,
    pid: 1,
    outcome: exitMs === null ? null : 'drained',
    graceMs,
    inflightAtDrain: null,
    drainMs: exitMs === null ? null : exitMs - sentMs,
    exitCode: exitMs === null ? null : 0,
    signal: null,
    drainMode: 'ipc',
    drainSentAt: iso(sentMs),
    drainedAt: null,
    exitedAt: iso(exitMs),
    report: null,
  };
  return worker;
}

function event(worker: string, offsetMs: number, kind: string): TimelineEvent {
  return { offsetMs, at: iso(offsetMs)!, worker, instance: 0, kind, detail: {} };
}

function shutdown(workers: WorkerStopDetail[], events: TimelineEvent[] = []): ShutdownDetail {
  const ends = workers.map((worker) => (worker.exitedAt ? Date.parse(worker.exitedAt) : START));
  return {
    id: 1,
    reason: 'shutdown',
    trigger: 'SIGTERM',
    startedAt: iso(0)!,
    finishedAt: null,
    durationMs: Math.max(0, ...ends.map((end) => end - START)),
    outcome: null,
    host: 'h',
    supervisorPid: 1,
    workers,
    events,
  };
}

function chart(detail: ShutdownDetail, width = 80, glyphs: Glyphs = ASCII_GLYPHS): string[] {
  return renderChart(detail, { width, glyphs, paint: createPaint({}, {}) });
}

describe('renderChart()', () => {
  const sample = shutdown(
    [stop('web', 0, 900), stop('jobs', 10, 1500)],
    [
      event('web', 300, 'http-idle'),
      event('web', 600, 'tasks-done'),
      event('jobs', 1010, 'kill-signal'),
      event('jobs', 1490, 'sigkill'),
    ],
  );

  for (const width of [40, 57, 80, 133, 200]) {
    it(`keeps every line within ${width} columns, colour and Unicode included`, () => {
      const paint = createPaint({ isTTY: true }, {});
      const lines = renderChart(sample, { width, glyphs: UNICODE_GLYPHS, paint });

      const widths = lines.map((line) => [...stripAnsi(line)].length);
      expect(Math.max(...widths)).to.be.at.most(width);
    });
  }

  it('draws with block and box characters when given the Unicode glyphs', () => {
    const lines = chart(sample, 80, UNICODE_GLYPHS);

    expect(lines[0]).to.match(/^ {2}web#0 {3}█+h█+t█+ +┃ +drained +900 ms$/);
    expect(lines[1]).to.match(/^ {2}jobs#0 {2}█+K▒+X +drained {2}1490 ms$/);
    expect(lines[2]).to.match(/^ {10}┴─+┴/);
    expect(lines.join('\n')).not.to.match(/[=~|]/);
  });

  it('puts the deadline at drain sent + grace on the shared axis', () => {
    const lines = chart(shutdown([stop('web', 0, 100, 1000), stop('api', 500, 600, 500)]));

    // The axis runs from its first tick (0 ms) to its last (1000 ms, where both deadlines fall).
    const zero = lines[2]!.indexOf('+');
    const end = lines[2]!.lastIndexOf('+');
    expect(lines[0]!.indexOf('|')).to.equal(end);
    expect(lines[1]!.indexOf('|')).to.equal(end);
    expect(lines[1]!.indexOf('=')).to.equal(zero + Math.round((end - zero) / 2));
  });

  it('shows several different marks in one column as one *', () => {
    const detail = shutdown(
      [stop('web', 0, 10_000)],
      [event('web', 5000, 'http-idle'), event('web', 5001, 'tasks-done')],
    );

    expect(chart(detail)[0]).to.match(/=\*=/);
  });

  it('cuts a long worker name but keeps its instance number', () => {
    const long = 'a-worker-name-that-goes-on-and-on-for-a-long-long-while';

    expect(chart(shutdown([stop(long, 0, 10)]))[0]).to.match(/^ {2}a-worker-name~#0 {2}=/);
  });

  it('draws an unfinished stop up to the last event heard, and says so', () => {
    const detail = shutdown([stop('web', 0, null)], [event('web', 400, 'http-idle')]);
    detail.durationMs = null;

    expect(chart(detail)[0]).to.match(/^ {2}web#0 {2}=+h +\| +unfinished {2}-$/);
  });

  it('labels the axis in a unit that suits the span', () => {
    const axisLabels = (spanMs: number) =>
      chart(shutdown([stop('web', 0, spanMs, 0)]))[2]!
        .trim()
        .split(/ {2,}/);

    expect(axisLabels(250)).to.deep.equal(['0', '50 ms', '100 ms', '150 ms', '200 ms', '250 ms']);
    expect(axisLabels(95 * 60_000)).to.deep.equal(['0', '30 min', '60 min', '90 min']);
  });

  it('says so when no worker instance was stopped', () => {
    expect(chart(shutdown([]))).to.deep.equal(['  (no worker instance was stopped)']);
  });
});

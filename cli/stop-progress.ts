// The live progress of `supervisor stop`: on a terminal, one line per worker instance redrawn in
// place (state, phase, in-flight count, time left to its deadline); elsewhere, one line per
// event as it happens.
import type { ControlEvent, InstanceStatus } from '../daemon/index.js';
import type { Paint } from './format-colour.js';
import { renderEventLine, formatTimeLeft } from './render-event-line.js';
import { stateCell } from './render-status-table.js';

const REDRAW_MS = 200;

interface Row {
  label: string;
  state: InstanceStatus['state'];
  phase: string;
  inflight: number | null;
  drainDeadline: number | null;
}

type WorkerEvent = Extract<ControlEvent, { type: 'worker-state' | 'drain-progress' }>;

export class StopProgress {
  readonly #out: NodeJS.WritableStream;
  readonly #paint: Paint;
  readonly #isLive: boolean;
  readonly #rows = new Map<string, Row>();
  #drawnLines = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(out: NodeJS.WritableStream, paint: Paint, isLive: boolean) {
    this.#out = out;
    this.#paint = paint;
    this.#isLive = isLive;
    if (isLive) this.#timer = setInterval(() => this.#redraw(), REDRAW_MS);
  }

  apply(event: ControlEvent): void {
    if (!this.#isLive) {
      if (event.type !== 'log') this.#out.write(renderEventLine(event, this.#paint));
      return;
    }
    if (event.type === 'worker-state' || event.type === 'drain-progress') this.#update(event);
  }

  /** Draws the last state of every row and stops redrawing. */
  finish(): void {
    clearInterval(this.#timer);
    if (this.#isLive) this.#redraw();
  }

  #update(event: WorkerEvent): void {
    const label = `${event.worker}#${event.instance}`;
    const row = this.#rows.get(label) ?? {
      label,
      state: 'ready',
      phase: '-',
      inflight: null,
      drainDeadline: null,
    };
    if (event.type === 'worker-state') row.state = event.to;
    else row.phase = event.phase;
    if (event.type === 'drain-progress') row.inflight = event.inflight;
    row.drainDeadline = event.drainDeadline;
    this.#rows.set(label, row);
  }

  #redraw(): void {
    const now = Date.now();
    const rows = [...this.#rows.values()];
    const width = Math.max(0, ...rows.map((row) => row.label.length));
    const lines = rows.map((row) => this.#line(row, width, now));
    // Back to the first line drawn last time, then each line cleared and written anew.
    const up = this.#drawnLines > 0 ? `\u001b[${this.#drawnLines}A` : '';
    this.#out.write(up + lines.map((line) => `\u001b[2K${line}\n`).join(''));
    this.#drawnLines = lines.length;
  }

  #line(row: Row, width: number, now: number): string {
    const state = stateCell(row.state);
    const stateText = state.text.padEnd(9);
    const inflight = row.inflight === null ? '' : `in flight ${row.inflight}`;
    const left = row.state === 'draining' ? formatTimeLeft(row.drainDeadline, now) : '';
    return [
      this.#paint('bold', row.label.padEnd(width)),
      state.style ? this.#paint(state.style, stateText) : stateText,
      row.phase.padEnd(16),
      inflight.padEnd(12),
      left,
    ]
      .join('  ')
      .trimEnd();
  }
}

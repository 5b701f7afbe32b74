// The chart's time axis: a scale from milliseconds to columns, and tick marks with labels at a
// round step (1, 2 or 5 units; 15 or 30 s; minutes; hours) far enough apart to stay readable.
import type { Glyphs } from './glyphs.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const TICK_STEPS_MS = [
  ...[1, 2, 5, 10, 20, 50, 100, 200, 500],
  ...[1, 2, 5, 10, 15, 30].map((count) => count * SECOND),
  ...[1, 2, 5, 10, 15, 30].map((count) => count * MINUTE),
  ...[1, 2, 3, 6, 12, 24].map((count) => count * HOUR),
];

// Room for the longest label (`1000 ms`, `30 min`) and a gap.
const MIN_TICK_SPACING = 10;

/** Maps a time to its column: 0 ms to column 0, the whole span to the last column. */
export type Scale = (ms: number) => number;

export function createScale(spanMs: number, columns: number): Scale {
  return (ms) => Math.round((Math.min(Math.max(ms, 0), spanMs) / spanMs) * (columns - 1));
}

function chooseStep(spanMs: number, columns: number): number {
  const msPerColumn = spanMs / Math.max(1, columns - 1);
  const step = TICK_STEPS_MS.find((candidate) => candidate / msPerColumn >= MIN_TICK_SPACING);
  return step ?? (TICK_STEPS_MS.at(-1) as number);
}

/** `0`, `400 ms`, `2 s`, `5 min`, `1 h`: every label of an axis in the unit of its step. */
function formatTick(ms: number, step: number): string {
  if (ms === 0) return '0';
  if (step < SECOND) return `${ms} ms`;
  if (step < MINUTE) return `${ms / SECOND} s`;
  if (step < HOUR) return `${ms / MINUTE} min`;
  return `${ms / HOUR} h`;
}

/**
 * The axis line under the chart's `columns`, and its labels; a label may run on to the right of
 * the chart, up to `room` characters in all, and is left out when it would not fit.
 */
export function renderAxis(spanMs: number, columns: number, room: number, glyphs: Glyphs) {
  const scale = createScale(spanMs, columns);
  const step = chooseStep(spanMs, columns);
  const line = Array.from({ length: columns }, () => glyphs.axis);
  const labels = Array.from({ length: room }, () => ' ');
  let labelsEnd = 0;
  for (let ms = 0; ms <= spanMs; ms += step) {
    const column = scale(ms);
    line[column] = glyphs.tick;
    const label = formatTick(ms, step);
    if (column < labelsEnd || column + label.length > room) continue;
    labels.splice(column, label.length, ...label);
    labelsEnd = column + label.length + 1;
  }
  return { line: line.join(''), labels: labels.join('').trimEnd() };
}

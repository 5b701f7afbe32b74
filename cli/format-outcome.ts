// How outcomes read and look: the same colours in the history table and the timeline.
import type { Cell } from './format-table.js';

const OUTCOME_STYLES: Record<string, Cell['style']> = {
  clean: 'green',
  drained: 'green',
  exited: 'yellow',
  incomplete: 'yellow',
  unfinished: 'yellow',
  forced: 'red',
  killed: 'red',
  crashed: 'red',
};

/** An outcome as a cell; null (still running, or never closed) reads `unfinished`. */
export function outcomeCell(outcome: string | null): Cell {
  const text = outcome ?? 'unfinished';
  const style = OUTCOME_STYLES[text];
  return style ? { text, style } : { text };
}

// The characters the chart is drawn with: box and block characters for a terminal, plain ASCII
// for everything else (files, pipes, CI logs), where fonts and encodings are unknown.
import type { Style } from '../format-colour.js';
import type { MarkKind } from './chart-model.js';

/** The pieces of a row that the legend explains. */
export type GlyphName = 'draining' | 'escalated' | 'deadline' | 'several' | MarkKind;

export type Glyphs = Record<GlyphName | 'axis' | 'tick', string>;

// Marks are letters in both sets, so that a legend learnt once reads the same everywhere.
const MARKS: Record<MarkKind, string> = {
  'http-idle': 'h',
  'tasks-done': 't',
  'resource-closed': 'r',
  'kill-signal': 'K',
  sigkill: 'X',
};

export const UNICODE_GLYPHS: Glyphs = {
  draining: '█',
  escalated: '▒',
  deadline: '┃',
  several: '*',
  axis: '─',
  tick: '┴',
  ...MARKS,
};

export const ASCII_GLYPHS: Glyphs = {
  draining: '=',
  escalated: '~',
  deadline: '|',
  several: '*',
  axis: '-',
  tick: '+',
  ...MARKS,
};

/** The legend's words for each glyph, in the order the legend lists them. */
export const GLYPH_MEANINGS: Record<GlyphName, string> = {
  draining: 'draining',
  escalated: 'after the kill signal',
  deadline: 'deadline (drain sent + grace)',
  'http-idle': 'http idle',
  'tasks-done': 'tasks done',
  'resource-closed': 'resource closed',
  'kill-signal': 'kill signal',
  sigkill: 'SIGKILL',
  several: 'several marks',
};

/** Colours on a terminal; the draining bar takes the colour of the worker's outcome. */
export const GLYPH_STYLES: Partial<Record<GlyphName, Style>> = {
  escalated: 'red',
  deadline: 'yellow',
  'kill-signal': 'red',
  sigkill: 'red',
  'http-idle': 'bold',
  'tasks-done': 'bold',
  'resource-closed': 'bold',
  several: 'bold',
};

// The shutdown drawn on one time axis: a row per worker instance with its drain as a bar, marks
// where its steps ended and where it was signalled, its deadline, then the axis and a legend.
import type { ShutdownDetail } from '../../history/index.js';
import type { Paint, Style } from '../format-colour.js';
import { outcomeCell } from '../format-outcome.js';
import { formatDuration } from '../format-values.js';
import { wrapUnits } from '../wrap-units.js';
import { buildChartModel, type ChartRow } from './chart-model.js';
import { GLYPH_MEANINGS, GLYPH_STYLES, type GlyphName, type Glyphs } from './glyphs.js';
import { createScale, renderAxis, type Scale } from './render-axis.js';

export interface ChartOptions {
  /** The widest a line may be. */
  width: number;
  glyphs: Glyphs;
  paint: Paint;
}

interface Cell {
  char: string;
  style?: Style | undefined;
}

const INDENT = '  ';
const GAP = '  ';
const LEGEND_GAP = '   ';
// Worker names may have 64 characters; the bars matter more.
const MAX_LABEL_WIDTH = 16;
// Below this, the outcome column on the right gives its room to the bars.
const MIN_CHART_WIDTH = 24;

/** `web#0`, or `a-very-long-n~#0` when it is too long: the instance number always shows. */
function fitLabel(label: string, width: number): string {
  if (label.length <= width) return label.padEnd(width);
  const suffix = label.slice(label.lastIndexOf('#'));
  return `${label.slice(0, Math.max(0, width - suffix.length - 1))}~${suffix}`.slice(-width);
}

interface OutcomeText {
  outcome: string;
  style: Style | undefined;
  duration: string;
}

/** `killed  6001 ms` for each row: how it ended, and how long its drain took. */
function outcomeTexts(rows: ChartRow[]): OutcomeText[] {
  const texts = rows.map((row) => {
    const cell = row.hasExited ? outcomeCell(row.worker.outcome) : outcomeCell(null);
    const { drainMs } = row.worker;
    return { outcome: cell.text, style: cell.style, duration: formatDuration(drainMs) };
  });
  const outcomeWidth = Math.max(...texts.map((text) => text.outcome.length));
  const durationWidth = Math.max(...texts.map((text) => text.duration.length));
  return texts.map((text) => ({
    ...text,
    outcome: text.outcome.padEnd(outcomeWidth),
    duration: text.duration.padStart(durationWidth),
  }));
}

function drawBar(cells: Cell[], row: ChartRow, scale: Scale, glyphs: Glyphs, used: Set<GlyphName>) {
  if (row.startMs === null || row.endMs === null) return;
  const barStyle = outcomeCell(row.hasExited ? row.worker.outcome : null).style;
  const escalatedAt = row.escalatedMs === null ? Infinity : scale(row.escalatedMs);
  for (let column = scale(row.startMs); column <= scale(row.endMs); column += 1) {
    const name = column >= escalatedAt ? 'escalated' : 'draining';
    const style = name === 'draining' ? barStyle : GLYPH_STYLES[name];
    cells[column] = { char: glyphs[name], style };
    used.add(name);
  }
}

function drawMarks(
  cells: Cell[],
  row: ChartRow,
  scale: Scale,
  glyphs: Glyphs,
  used: Set<GlyphName>,
) {
  const byColumn = new Map<number, Set<GlyphName>>();
  if (row.deadlineMs !== null) byColumn.set(scale(row.deadlineMs), new Set(['deadline']));
  for (const mark of row.marks) {
    const column = scale(mark.atMs);
    const names = byColumn.get(column);
    // A mark hides the deadline under it: the mark says more.
    if (names === undefined || names.has('deadline')) byColumn.set(column, new Set([mark.kind]));
    else names.add(mark.kind);
  }
  for (const [column, names] of byColumn) {
    const name: GlyphName = names.size > 1 ? 'several' : ([...names][0] as GlyphName);
    cells[column] = { char: glyphs[name], style: GLYPH_STYLES[name] };
    used.add(name);
  }
}

/** Paints runs of one style at once, so that colour costs few escape codes. */
function paintCells(cells: Cell[], paint: Paint): string {
  let text = '';
  for (let start = 0; start < cells.length;) {
    const style = cells[start]!.style;
    let end = start;
    while (end < cells.length && cells[end]!.style === style) end += 1;
    const run = cells
      .slice(start, end)
      .map((cell) => cell.char)
      .join('');
    text += style ? paint(style, run) : run;
    start = end;
  }
  return text;
}

/** The glyphs this chart used, each with its meaning, wrapped to the width. */
function renderLegend(used: Set<GlyphName>, options: ChartOptions): string[] {
  const { glyphs, paint } = options;
  const names = (Object.keys(GLYPH_MEANINGS) as GlyphName[]).filter((name) => used.has(name));
  const nameOfItem = new Map(
    names.map((name) => [`${glyphs[name]} ${GLYPH_MEANINGS[name]}`, name]),
  );
  const paintItem = (item: string) => {
    const style = GLYPH_STYLES[nameOfItem.get(item)!];
    return style ? `${paint(style, item.slice(0, 1))}${item.slice(1)}` : item;
  };
  const lines = wrapUnits([...nameOfItem.keys()], options.width - INDENT.length, LEGEND_GAP.length);
  return lines.map((line) => `${INDENT}${line.map(paintItem).join(LEGEND_GAP)}`);
}

/** The chart's lines: one per worker instance, the axis with its labels, and the legend. */
export function renderChart(shutdown: ShutdownDetail, options: ChartOptions): string[] {
  const { rows, spanMs } = buildChartModel(shutdown);
  if (rows.length === 0) return [`${INDENT}(no worker instance was stopped)`];

  const labelWidth = Math.min(MAX_LABEL_WIDTH, Math.max(...rows.map((row) => row.label.length)));
  const prefix = INDENT.length + labelWidth + GAP.length;
  const outcomes = outcomeTexts(rows);
  const outcomeWidth = GAP.length + outcomes[0]!.outcome.length + 2 + outcomes[0]!.duration.length;
  const showOutcomes = options.width - prefix - outcomeWidth >= MIN_CHART_WIDTH;
  const columns = Math.max(2, options.width - prefix - (showOutcomes ? outcomeWidth : 0));
  const scale = createScale(spanMs, columns);
  const used = new Set<GlyphName>();

  const lines = rows.map((row, index) => {
    const cells: Cell[] = Array.from({ length: columns }, () => ({ char: ' ' }));
    drawBar(cells, row, scale, options.glyphs, used);
    drawMarks(cells, row, scale, options.glyphs, used);
    const { outcome, style, duration } = outcomes[index]!;
    const painted = style ? options.paint(style, outcome) : outcome;
    const ending = showOutcomes ? `${GAP}${painted}  ${duration}` : '';
    const label = options.paint('bold', fitLabel(row.label, labelWidth));
    return `${INDENT}${label}${GAP}${paintCells(cells, options.paint)}${ending}`.trimEnd();
  });
  const axis = renderAxis(spanMs, columns, options.width - prefix, options.glyphs);
  const margin = ' '.repeat(prefix);
  return [
    ...lines,
    `${margin}${axis.line}`,
    `${margin}${axis.labels}`,
    ...renderLegend(used, options),
  ];
}

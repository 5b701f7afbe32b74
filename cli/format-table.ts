// Plain-text tables: columns padded to their widest cell, colour applied after padding so that
// escape codes never count as width.
import type { Paint, Style } from './format-colour.js';

export interface Cell {
  text: string;
  style?: Style;
}

export interface Column {
  header: string;
  align?: 'left' | 'right';
}

function padCell(text: string, width: number, align: Column['align']): string {
  return align === 'right' ? text.padStart(width) : text.padEnd(width);
}

/** Renders a header line and one line per row, two spaces between columns. */
export function renderTable(columns: Column[], rows: Cell[][], paint: Paint): string {
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...rows.map((row) => row[index]?.text.length ?? 0)),
  );
  const lastIndex = columns.length - 1;
  const line = (cells: Cell[]) =>
    cells
      .map((cell, index) => {
        const { align } = columns[index] ?? {};
        // No trailing spaces: the last column is padded only when aligned right.
        const isUnpadded = index === lastIndex && align !== 'right';
        const padded = isUnpadded ? cell.text : padCell(cell.text, widths[index] ?? 0, align);
        return cell.style ? paint(cell.style, padded) : padded;
      })
      .join('  ');
  const header = line(columns.map((column) => ({ text: column.header, style: 'bold' })));
  return [header, ...rows.map(line)].join('\n') + '\n';
}

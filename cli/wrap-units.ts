// Packs words (or legend items) into lines no wider than a given width.

/**
 * Groups `units` into lines of at most `width` characters, `separator` characters between two
 * units on a line. A unit longer than a whole line is cut into pieces that fit.
 */
export function wrapUnits(units: string[], width: number, separator = 1): string[][] {
  const lines: string[][] = [];
  let line: string[] = [];
  let length = 0;
  for (const unit of units.flatMap((whole) => cutToWidth(whole, width))) {
    const needed = line.length === 0 ? unit.length : length + separator + unit.length;
    if (line.length > 0 && needed > width) {
      lines.push(line);
      line = [];
    }
    length = line.length === 0 ? unit.length : length + separator + unit.length;
    line.push(unit);
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

function cutToWidth(unit: string, width: number): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < unit.length; start += Math.max(1, width)) {
    pieces.push(unit.slice(start, start + Math.max(1, width)));
  }
  return pieces.length > 0 ? pieces : [unit];
}

/** Text wrapped at its spaces into lines of at most `width` characters. */
export function wrapText(text: string, width: number): string[] {
  const words = text.split(' ').filter((word) => word !== '');
  return wrapUnits(words, width).map((line) => line.join(' '));
}

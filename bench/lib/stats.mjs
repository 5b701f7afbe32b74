// Spread of repeated measurements: min / median / max, and how they are written in the tables.

/** min, median and max of the finite numbers given; null when there are none. */
export function summarize(values) {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { min: sorted[0], median, max: sorted.at(-1), n: sorted.length };
}

/** "min / **median** / max", rounded to `digits`; "–" when nothing was measured. */
export function formatSpread(values, digits = 0) {
  const summary = summarize(values);
  if (!summary) return '–';
  const format = (value) => value.toFixed(digits);
  return `${format(summary.min)} / **${format(summary.median)}** / ${format(summary.max)}`;
}

/** The p-th percentile (0–100) of the numbers, nearest rank; NaN when there are none. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, rank)];
}

export function median(values) {
  return summarize(values)?.median ?? NaN;
}

// `supervisor history --stats`: drain figures per worker over every recorded shutdown.
import { createPaint } from './format-colour.js';
import { renderDrainStats } from './render-drain-stats.js';
import { withHistoryReader } from './with-history-reader.js';

export const STATS_HELP = `
  $ supervisor history --stats

With --stats, one line per worker over every recorded stop: drain time (drain sent to exit)
p50 / p95 / max, how many stops ended with a kill, and which phase or resource held its drains
open for the most time (http: requests in flight; tasks; resource <name>; exit: leaving after
its report; process: a worker that reported nothing).
`;

/** Prints the stats of the state directory's history, as a table or as JSON. */
export function printHistoryStats(stateDir: string, json: boolean): void {
  const { path, stats } = withHistoryReader(stateDir, (reader) => ({
    path: reader.path,
    stats: reader.drainStats(),
  }));
  if (json) {
    process.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
  } else if (stats.length === 0) {
    process.stdout.write(`No worker stops recorded yet in ${path}.\n`);
  } else {
    process.stdout.write(renderDrainStats(stats, createPaint(process.stdout, process.env)));
  }
}

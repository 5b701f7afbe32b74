// Worker lifecycle events from the history, newest first, as a table or JSON: what
// `supervisor history --events` and `supervisor events` (without --follow) print.
import { createPaint } from './format-colour.js';
import { renderLifecycleTable } from './render-lifecycle-table.js';
import { withHistoryReader } from './with-history-reader.js';

export interface PrintLifecycleOptions {
  limit: number;
  worker?: string | undefined;
  json?: boolean | undefined;
}

export function printLifecycle(stateDir: string, options: PrintLifecycleOptions): void {
  const query = { limit: options.limit, ...(options.worker ? { worker: options.worker } : {}) };
  const { path, entries } = withHistoryReader(stateDir, (reader) => ({
    path: reader.path,
    entries: reader.listLifecycle(query),
  }));
  if (options.json) {
    process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
  } else if (entries.length === 0) {
    const whose = options.worker ? ` for worker "${options.worker}"` : '';
    process.stdout.write(`No lifecycle events recorded yet${whose} in ${path}.\n`);
  } else {
    process.stdout.write(renderLifecycleTable(entries, createPaint(process.stdout, process.env)));
  }
}

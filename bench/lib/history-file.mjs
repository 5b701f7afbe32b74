// Reads our supervisor's history database directly (read-only), for figures a benchmark needs
// after each run: cheaper than two CLI processes per run.
import { join } from 'node:path';

import Database from 'better-sqlite3';

/** The worker stops of the latest shutdown, as stored (epoch ms columns). */
export function lastShutdownStops(stateDir) {
  const db = new Database(join(stateDir, 'history.db'), { readonly: true });
  try {
    return db
      .prepare(
        `SELECT drain_sent_at, drained_at FROM worker_stops
         WHERE shutdown_id = (SELECT max(id) FROM shutdowns)`,
      )
      .all();
  } finally {
    db.close();
  }
}

// Queries the reliability cases run against the PostgreSQL server of test/support/services.ts.
import pg from 'pg';

import { PG_CONFIG } from '../support/services.js';

/** Runs one statement on a connection of its own. */
export async function queryPostgres(text: string, values: unknown[] = []): Promise<unknown[]> {
  const client = new pg.Client(PG_CONFIG);
  await client.connect();
  try {
    return (await client.query(text, values)).rows as unknown[];
  } finally {
    await client.end();
  }
}

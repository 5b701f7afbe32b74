// The PostgreSQL server the database cases use, and the check that it answers: without it a case
// is skipped with a visible reason, or fails when SUPERVISOR_TEST_REQUIRE_SERVICES=1 (CI).
import pg from 'pg';

export const POSTGRES = {
  host: '127.0.0.1',
  port: 5432,
  user: 'postgres',
  database: 'test',
} as const;

/** Skips the calling test (or fails it, when services are required) if PostgreSQL is down. */
export async function requirePostgres(context: Mocha.Context): Promise<void> {
  const client = new pg.Client({ ...POSTGRES, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
  } catch (error: unknown) {
    const reason = `PostgreSQL unreachable at ${POSTGRES.host}:${POSTGRES.port}`;
    if (process.env.SUPERVISOR_TEST_REQUIRE_SERVICES === '1') {
      throw new Error(`${reason} and SUPERVISOR_TEST_REQUIRE_SERVICES=1`, { cause: error });
    }
    console.log(`      skipped: ${reason} (${(error as Error).message})`);
    context.skip();
  }
}

/** Runs one statement on a connection of its own. */
export async function queryPostgres(text: string, values: unknown[] = []): Promise<unknown[]> {
  const client = new pg.Client(POSTGRES);
  await client.connect();
  try {
    return (await client.query(text, values)).rows as unknown[];
  } finally {
    await client.end();
  }
}

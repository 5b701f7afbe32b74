// The real database servers the SDK tests use, and what happens when one cannot be reached: the
// suite says so in a visible skip line, or fails when SUPERVISOR_TEST_REQUIRE_SERVICES=1 (set by
// .ci/run), so CI can never pass without them.
import mysql from 'mysql2/promise';
import pg from 'pg';

import { reapAll } from './reaper.js';

export const PG_CONFIG = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };
export const MARIADB_CONFIG = {
  host: '127.0.0.1',
  port: 3306,
  user: 'root',
  password: '',
  database: 'test',
};

export type ServiceName = 'PostgreSQL' | 'MariaDB';

/** A server the tests need, and how to check that it answers. */
export interface Service {
  name: string;
  address: string;
  probe: () => Promise<void>;
}

const PROBE_TIMEOUT_MS = 3000;

async function probePostgres(port: number): Promise<void> {
  const config = { ...PG_CONFIG, port, connectionTimeoutMillis: PROBE_TIMEOUT_MS };
  const client = new pg.Client(config);
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function probeMariadb(port: number): Promise<void> {
  const config = { ...MARIADB_CONFIG, port, connectTimeout: PROBE_TIMEOUT_MS };
  const connection = await mysql.createConnection(config);
  try {
    await connection.query('SELECT 1');
  } finally {
    connection.destroy();
  }
}

/** PostgreSQL on 127.0.0.1 (its usual port unless told). */
export function postgresService(port = PG_CONFIG.port): Service {
  return { name: 'PostgreSQL', address: `127.0.0.1:${port}`, probe: () => probePostgres(port) };
}

/** MariaDB on 127.0.0.1 (its usual port unless told). */
export function mariadbService(port = MARIADB_CONFIG.port): Service {
  return { name: 'MariaDB', address: `127.0.0.1:${port}`, probe: () => probeMariadb(port) };
}

const SERVICES: Record<ServiceName, () => Service> = {
  PostgreSQL: () => postgresService(),
  MariaDB: () => mariadbService(),
};

function reasonOf(error: unknown): string {
  if (error instanceof AggregateError) return error.errors.map(reasonOf).join(', ');
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}

/**
 * For a `before` hook: returns when the server answers; otherwise prints which server and why,
 * then skips the suite, or fails it when SUPERVISOR_TEST_REQUIRE_SERVICES=1.
 *
 * @example
 * before(async function () { await requireService(this, 'PostgreSQL'); });
 */
export async function requireService(
  context: Pick<Mocha.Context, 'skip'>,
  service: ServiceName | Service,
): Promise<void> {
  const { name, address, probe } = typeof service === 'string' ? SERVICES[service]() : service;
  try {
    await probe();
  } catch (error: unknown) {
    const why = `${name} at ${address} cannot be reached (${reasonOf(error)})`;
    if (process.env.SUPERVISOR_TEST_REQUIRE_SERVICES === '1') {
      throw new Error(`${why}; SUPERVISOR_TEST_REQUIRE_SERVICES=1 makes this a failure`);
    }
    console.log(`      skipped: ${why}`);
    context.skip();
  }
}

/** A table name no other test (nor another run on this machine) uses. */
export function uniqueTableName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
}

/** What useDatabase() needs of a client: pg's Client and mysql2's Connection both fit. */
export interface DatabaseClient {
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}

export interface TestDatabase<C> {
  /** The suite's own client, open from `before` to `after`. */
  readonly client: C;
  /** The current test's table, created before it and dropped after it. */
  readonly table: string;
}

/**
 * Mocha hooks for a suite on a real database server: skips or fails the suite as
 * requireService() says, opens one client for it, and gives each test a table of its own.
 */
export function useDatabase<C extends DatabaseClient>(
  name: ServiceName,
  connect: () => Promise<C>,
  createTable: (table: string) => string,
): TestDatabase<C> {
  let client: C | undefined;
  let table = '';
  before(async function () {
    await requireService(this, name);
    client = await connect();
  });
  after(async () => {
    await client?.end();
  });
  beforeEach(async () => {
    table = uniqueTableName('sdk_orders');
    await client!.query(createTable(table));
  });
  afterEach(async () => {
    // A worker left running by a failed test may hold a lock on the table: end it first.
    reapAll();
    await client?.query(`DROP TABLE IF EXISTS ${table}`);
  });
  return {
    get client() {
      return client!;
    },
    get table() {
      return table;
    },
  };
}

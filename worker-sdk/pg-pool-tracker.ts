// PostgreSQL through `pg` (duck-typed on its public API, so the SDK installs nothing): counts
// borrowed clients, closes the pool once they are back, cancels queries still running at the
// timeout (pg_cancel_backend from a separate connection), and runs worker.transaction().
import { raceTimeout, TIMED_OUT, type Deadline } from './deadline.js';
import type { ManagedResource, ResourceOutcome } from './managed-resource.js';
import { CANCEL_GRACE_MS, closePool, shortQuery, type PoolSteps } from './pool-closing.js';
import type { CancelledQuery } from './protocol.js';
import type { OpenTransaction, TransactionSource } from './transactions.js';

/** The part of a `pg` pool client the SDK uses. */
export interface PgClientLike {
  /** The server process serving this client; pg sets it once connected. */
  processID?: number | null;
  query(text: string): Promise<unknown>;
  release(error?: Error | boolean): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

interface PgSideClient {
  connect(): Promise<unknown>;
  query(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** The part of a `pg` Pool the SDK uses. */
export interface PgPoolLike<C extends PgClientLike = PgClientLike> {
  connect(): Promise<C>;
  end(): Promise<void>;
  readonly waitingCount: number;
  /** pg-pool's counts: clients open or connecting, and those idle in the pool. */
  readonly totalCount?: number;
  readonly idleCount?: number;
  on(event: 'acquire' | 'release', listener: (...args: never[]) => void): unknown;
  /** pg-pool keeps the client class and its options: the SDK opens its side connection so. */
  readonly Client?: new (config: object) => PgSideClient;
  readonly options?: object;
}

export interface TrackPgPoolOptions {
  /** The name in the report; default 'pg'. */
  name?: string;
  /** How long borrowed clients get to come back before their queries are cancelled; 5000. */
  timeoutMs?: number;
}

interface RunningQueryRow {
  query: string;
  ms: number;
}

const SIDE_CONNECT_MS = 1000;

function ignoreError(): void {
  // A session the SDK ended reports it on its client; nothing is left to do about it.
}

export class PgPoolTracker<C extends PgClientLike>
  implements ManagedResource, TransactionSource<C>, PoolSteps
{
  readonly name: string;
  readonly timeoutMs: number;
  readonly budgetMs: number;
  readonly #pool: PgPoolLike<C>;
  readonly #borrowed = new Set<PgClientLike>();

  constructor(pool: PgPoolLike<C>, name: string, timeoutMs: number) {
    this.#pool = pool;
    this.name = name;
    this.timeoutMs = timeoutMs;
    this.budgetMs = timeoutMs + CANCEL_GRACE_MS;
    pool.on('acquire', (client: PgClientLike) => this.#borrowed.add(client));
    pool.on('release', (_error: unknown, client: PgClientLike) => this.#borrowed.delete(client));
  }

  close(deadline: Deadline): Promise<ResourceOutcome> {
    return closePool(this, deadline);
  }

  isIdle(): boolean {
    const { totalCount, idleCount, waitingCount } = this.#pool;
    // pg-pool drops a client whose query failed (a cancelled one, say) and connects a new one
    // for the next queued request: while it connects, it is neither borrowed nor waiting.
    const connecting = (totalCount ?? 0) - (idleCount ?? 0) - this.#borrowed.size;
    return this.#borrowed.size === 0 && waitingCount === 0 && connecting <= 0;
  }

  borrowed(): number {
    return this.#borrowed.size;
  }

  async cancelRunning(): Promise<CancelledQuery[]> {
    const rows = (await this.#onSideConnection(
      `SELECT query, (extract(epoch FROM clock_timestamp() - query_start) * 1000)::int AS ms,
              pg_cancel_backend(pid) AS cancelled
         FROM pg_stat_activity
        WHERE pid = ANY($1::int[]) AND state = 'active'`,
      [this.#pids(this.#borrowed)],
    )) as RunningQueryRow[];
    return rows.map((row) => ({
      resource: this.name,
      query: shortQuery(row.query),
      runningMs: row.ms,
    }));
  }

  async endLeakedSessions(): Promise<void> {
    await this.#terminate([...this.#borrowed]);
  }

  end(): Promise<void> {
    return this.#pool.end();
  }

  async begin(): Promise<OpenTransaction<C>> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
    } catch (error) {
      client.release(true);
      throw error;
    }
    return {
      client,
      commit: async () => void (await client.query('COMMIT')),
      rollback: async () => void (await client.query('ROLLBACK')),
      release: (destroy) => client.release(destroy),
      kill: () => this.#terminate([client]),
    };
  }

  async #terminate(clients: PgClientLike[]): Promise<void> {
    for (const client of clients) client.on('error', ignoreError);
    await this.#onSideConnection('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [
      this.#pids(clients),
    ]);
  }

  #pids(clients: Iterable<PgClientLike>): number[] {
    return [...clients].flatMap((client) => (client.processID ? [client.processID] : []));
  }

  /** Runs one statement on a connection of its own: the pool's may all be borrowed. */
  async #onSideConnection(text: string, values: unknown[]): Promise<unknown[]> {
    const { Client, options } = this.#pool;
    // Limitation: a pool without pg-pool's `Client` and `options` (pg-native, or a look-alike)
    // gives the SDK no way to open a second connection, so nothing is cancelled or ended.
    if (!Client || !options) return [];
    const side = new Client({ ...options, application_name: 'graceful-supervisor-cancel' });
    side.on('error', ignoreError);
    try {
      if ((await raceTimeout(side.connect(), SIDE_CONNECT_MS)) === TIMED_OUT) return [];
      return (await side.query(text, values)).rows;
    } finally {
      void side.end().catch(ignoreError);
    }
  }
}

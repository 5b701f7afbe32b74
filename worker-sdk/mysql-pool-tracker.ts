// MySQL / MariaDB through `mysql2/promise` (duck-typed on its public API): counts borrowed
// connections, closes the pool once they are back, cancels queries still running at the timeout
// (KILL QUERY from a separate connection), and runs worker.transaction().
import { raceTimeout, TIMED_OUT, type Deadline } from './deadline.js';
import type { ManagedResource, ResourceOutcome } from './managed-resource.js';
import { CANCEL_GRACE_MS, closePool, shortQuery, type PoolSteps } from './pool-closing.js';
import type { CancelledQuery } from './protocol.js';
import type { OpenTransaction, TransactionSource } from './transactions.js';

/** The part of a `mysql2/promise` connection the SDK uses. */
export interface MysqlConnectionLike {
  readonly threadId: number | null;
  query(sql: string, values?: unknown[]): Promise<unknown>;
  beginTransaction(): Promise<unknown>;
  commit(): Promise<unknown>;
  rollback(): Promise<unknown>;
  release(): void;
  destroy(): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** A connection as the pool's 'acquire' and 'release' events carry it (mysql2's core one). */
interface CoreConnection {
  readonly threadId: number | null;
}

/** The part of a `mysql2/promise` pool the SDK uses. */
export interface MysqlPoolLike<C extends MysqlConnectionLike = MysqlConnectionLike> {
  getConnection(): Promise<C>;
  end(): Promise<void>;
  on(event: 'acquire' | 'release', listener: (...args: never[]) => void): unknown;
}

export interface TrackMysqlPoolOptions {
  /** The name in the report; default 'mysql'. */
  name?: string;
  /** How long borrowed connections get to come back before their queries are cancelled; 5000. */
  timeoutMs?: number;
  /**
   * Opens a connection outside the pool for KILL QUERY / KILL, e.g.
   * `() => mysql.createConnection(config)`. Without it the SDK borrows one from the pool,
   * which fails when the pool is exhausted.
   */
  openConnection?: () => Promise<MysqlConnectionLike>;
}

interface ProcessRow {
  ID: number;
  INFO: string | null;
  TIME: number;
  TIME_MS?: number;
}

const SIDE_CONNECT_MS = 1000;

function ignoreError(): void {
  // A session the SDK killed reports it on its connection; nothing is left to do about it.
}

export class MysqlPoolTracker<C extends MysqlConnectionLike>
  implements ManagedResource, TransactionSource<C>, PoolSteps
{
  readonly name: string;
  readonly timeoutMs: number;
  readonly budgetMs: number;
  readonly #pool: MysqlPoolLike<C>;
  readonly #openConnection: () => Promise<MysqlConnectionLike>;
  /** Borrowed connections by thread id (mysql2 hands a queued request the same connection). */
  readonly #borrowed = new Set<number>();

  constructor(
    pool: MysqlPoolLike<C>,
    name: string,
    timeoutMs: number,
    openConnection: (() => Promise<MysqlConnectionLike>) | undefined,
  ) {
    this.#pool = pool;
    this.name = name;
    this.timeoutMs = timeoutMs;
    this.budgetMs = timeoutMs + CANCEL_GRACE_MS;
    this.#openConnection = openConnection ?? (() => this.#borrowSide());
    pool.on('acquire', (connection: CoreConnection) => this.#track(connection, true));
    pool.on('release', (connection: CoreConnection) => this.#track(connection, false));
  }

  close(deadline: Deadline): Promise<ResourceOutcome> {
    return closePool(this, deadline);
  }

  isIdle(): boolean {
    return this.#borrowed.size === 0;
  }

  borrowed(): number {
    return this.#borrowed.size;
  }

  async cancelRunning(): Promise<CancelledQuery[]> {
    const ids = [...this.#borrowed];
    const rows =
      (await this.#onSideConnection(async (side) => {
        const [found] = (await side.query(
          "SELECT * FROM information_schema.PROCESSLIST WHERE ID IN (?) AND COMMAND = 'Query'",
          [ids],
        )) as [ProcessRow[]];
        for (const row of found) await side.query('KILL QUERY ?', [row.ID]);
        return found;
      })) ?? [];
    return rows.map((row) => ({
      resource: this.name,
      query: shortQuery(row.INFO ?? ''),
      runningMs: Math.round(row.TIME_MS ?? row.TIME * 1000),
    }));
  }

  async endLeakedSessions(): Promise<void> {
    await this.#kill([...this.#borrowed]);
  }

  end(): Promise<void> {
    return this.#pool.end();
  }

  async begin(): Promise<OpenTransaction<C>> {
    const connection = await this.#pool.getConnection();
    try {
      await connection.beginTransaction();
    } catch (error) {
      connection.destroy();
      throw error;
    }
    return {
      client: connection,
      commit: async () => void (await connection.commit()),
      rollback: async () => void (await connection.rollback()),
      release: (destroy) => {
        if (!destroy) return connection.release();
        // A destroyed connection leaves the pool without a 'release' event.
        this.#forget(connection.threadId);
        connection.destroy();
      },
      kill: async () => {
        connection.on('error', ignoreError);
        if (connection.threadId !== null) await this.#kill([connection.threadId]);
      },
    };
  }

  #track(connection: CoreConnection, borrowed: boolean): void {
    if (connection.threadId === null) return;
    if (borrowed) this.#borrowed.add(connection.threadId);
    else this.#forget(connection.threadId);
  }

  #forget(threadId: number | null): void {
    if (threadId !== null) this.#borrowed.delete(threadId);
  }

  async #kill(ids: number[]): Promise<void> {
    await this.#onSideConnection(async (side) => {
      for (const id of ids) await side.query('KILL ?', [id]).catch(ignoreError);
      // A killed connection never comes back to the pool: stop waiting for it.
      for (const id of ids) this.#forget(id);
    });
  }

  /** Runs statements on a connection of their own: the borrowed ones are busy. */
  async #onSideConnection<T>(
    run: (side: MysqlConnectionLike) => Promise<T>,
  ): Promise<T | undefined> {
    const opened = await raceTimeout(this.#openConnection(), SIDE_CONNECT_MS);
    if (opened === TIMED_OUT) return undefined;
    opened.on('error', ignoreError);
    try {
      return await run(opened);
    } finally {
      opened.destroy();
    }
  }

  async #borrowSide(): Promise<MysqlConnectionLike> {
    const side = await this.#pool.getConnection();
    // The side connection is the SDK's own, not one the application is waiting to get back.
    this.#forget(side.threadId);
    return side;
  }
}

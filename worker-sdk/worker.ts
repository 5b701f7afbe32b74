// The drain coordinator: what `createWorker()` returns. It registers what the worker runs —
// servers, WebSockets, tasks, databases, resources — and drains them once, in the safe order.
import type { Server as HttpServer } from 'node:http';

import { Deadline } from './deadline.js';
import { runDrainSequence } from './drain-sequence.js';
import type { TrackServerOptions } from './http-tracker.js';
import type { AnyHttp2Server } from './http2-tracker.js';
import { functionResource } from './managed-resource.js';
import {
  MysqlPoolTracker,
  type MysqlConnectionLike,
  type MysqlPoolLike,
  type TrackMysqlPoolOptions,
} from './mysql-pool-tracker.js';
import {
  PgPoolTracker,
  type PgClientLike,
  type PgPoolLike,
  type TrackPgPoolOptions,
} from './pg-pool-tracker.js';
import { DEFAULT_POOL_TIMEOUT_MS } from './pool-closing.js';
import type { DrainReason, DrainReport, ProgressPhase, WorkerMessage } from './protocol.js';
import { RequestSignals } from './request-signals.js';
import {
  sqliteResource,
  type SqliteDatabaseLike,
  type TrackSqliteOptions,
} from './sqlite-tracker.js';
import type { CloseFunction, TaskFunction } from './steps.js';
import { validateMethods, validateTimeout, WorkerError } from './validate.js';
import type { TrackWebSocketServerOptions, WebSocketServerLike } from './websocket-tracker.js';
import { WorkerParts } from './worker-parts.js';

export type WorkerState = 'starting' | 'ready' | 'draining' | 'drained';

export interface ResourceOptions {
  /** How long closing this resource may take; default 5000 ms, never past the deadline. */
  timeoutMs?: number;
}

/** Where the worker sends messages: the supervisor, or nowhere when standalone. */
export interface WorkerTransport {
  send(message: WorkerMessage): Promise<boolean>;
  readonly connected: boolean;
}

export interface DrainRequest {
  reason?: DrainReason;
  /** Epoch ms by which the drain must be over; defaults to now + the worker's grace. */
  deadline?: number;
}

export interface WorkerSettings {
  graceMs: number;
  transport: WorkerTransport;
  /** Called once with the final report, after it has been delivered. */
  onDrained(report: DrainReport): Promise<void> | void;
}

const DEFAULT_RESOURCE_TIMEOUT_MS = 5000;

export class Worker {
  readonly #settings: WorkerSettings;
  readonly #controller = new AbortController();
  readonly #parts: WorkerParts;
  readonly #requestSignals = new RequestSignals(this.#controller.signal);
  #state: WorkerState = 'starting';
  #drain: Promise<DrainReport> | undefined;

  constructor(settings: WorkerSettings) {
    this.#settings = settings;
    this.#parts = new WorkerParts((phase, detail) => this.#progress(phase, detail));
  }

  /** Aborted when the drain begins: hand it to loops, streams and long requests. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get state(): WorkerState {
    return this.#state;
  }

  /**
   * Drains this server first: stop accepting, finish in-flight requests (the last response on
   * each connection says `Connection: close`), retire idle keep-alive sockets, and cut what is
   * left at the deadline. Takes node:http, node:https and node:http2 servers (HTTP/2 sessions
   * get a GOAWAY). Call it before `listen()` so that every connection is seen.
   *
   * @example
   * const server = http.createServer(app);
   * worker.trackServer(server);
   * server.listen(8080, () => worker.ready());
   */
  trackServer(server: HttpServer | AnyHttp2Server, options: TrackServerOptions = {}): this {
    this.#throwIfDraining('trackServer');
    this.#parts.addServer(server, options, (req, res) => this.#requestSignals.remember(req, res));
    return this;
  }

  /**
   * Drains a `ws` WebSocketServer with the servers: new clients are refused, open ones get close
   * code 1001 (going away), and those that have not finished the close handshake after
   * `closeTimeoutMs` (or at the deadline) are terminated.
   *
   * @example
   * const wss = new WebSocketServer({ server });
   * worker.trackServer(server).trackWebSocketServer(wss, { closeTimeoutMs: 2000 });
   */
  trackWebSocketServer(server: WebSocketServerLike, options: TrackWebSocketServerOptions = {}) {
    this.#throwIfDraining('trackWebSocketServer');
    this.#parts.addWebSocketServer(server, options);
    return this;
  }

  /**
   * A signal for one request, aborted when the drain begins or when the request is over (its
   * response closed): what a streaming handler (SSE, long polling, downloads) listens to.
   *
   * @example
   * const signal = worker.requestSignal(req);
   * signal.addEventListener('abort', () => res.end('event: bye\ndata: {}\n\n'), { once: true });
   */
  requestSignal(req: object): AbortSignal {
    return this.#requestSignals.signalFor(req);
  }

  /**
   * Starts a background loop now; the drain aborts its signal and waits for it to return, up to
   * the soft deadline. A rejection with an AbortError counts as a clean stop.
   *
   * @example
   * worker.addTask('outbox', async (signal) => {
   *   for await (const _ of setInterval(1000, undefined, { signal })) await flushOutbox();
   * });
   */
  addTask(name: string, fn: TaskFunction): this {
    this.#throwIfDraining('addTask');
    this.#parts.addTask(name, fn, this.signal);
    return this;
  }

  /**
   * Registers something to close last (clients, caches, queues), after HTTP, tasks and open
   * transactions, in reverse order of registration, each under its own timeout.
   *
   * @example
   * worker.addResource('redis', () => redis.quit(), { timeoutMs: 2000 });
   */
  addResource(name: string, close: CloseFunction, options: ResourceOptions = {}): this {
    this.#throwIfDraining('addResource');
    if (typeof close !== 'function') {
      throw new TypeError(`resource "${name}": close must be a function`);
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_RESOURCE_TIMEOUT_MS;
    validateTimeout(`resource "${name}" timeoutMs`, timeoutMs);
    this.#parts.addResource(functionResource(name, close, timeoutMs));
    return this;
  }

  /**
   * Closes a `pg` Pool as a resource: waits for borrowed clients to come back, cancels queries
   * still running after `timeoutMs` (and names them in the report), then ends the pool. Also
   * makes the pool usable with `worker.transaction()`.
   *
   * @example
   * const pool = new pg.Pool({ application_name: 'orders' });
   * worker.trackPgPool(pool, { timeoutMs: 3000 });
   */
  trackPgPool<C extends PgClientLike>(pool: PgPoolLike<C>, options: TrackPgPoolOptions = {}) {
    this.#throwIfDraining('trackPgPool');
    validateMethods('trackPgPool() pool', pool, ['connect', 'end', 'on']);
    const timeoutMs = this.#poolTimeout(options.timeoutMs);
    const tracker = new PgPoolTracker(pool, options.name ?? 'pg', timeoutMs);
    this.#parts.addDatabase(pool, tracker, tracker);
    return this;
  }

  /**
   * Closes a `mysql2/promise` pool as a resource, like `trackPgPool()`: queries still running
   * after `timeoutMs` are stopped with KILL QUERY and named in the report.
   *
   * @example
   * const pool = mysql.createPool(config);
   * worker.trackMysqlPool(pool, { openConnection: () => mysql.createConnection(config) });
   */
  trackMysqlPool<C extends MysqlConnectionLike>(
    pool: MysqlPoolLike<C>,
    options: TrackMysqlPoolOptions = {},
  ): this {
    this.#throwIfDraining('trackMysqlPool');
    validateMethods('trackMysqlPool() pool', pool, ['getConnection', 'end', 'on']);
    const timeoutMs = this.#poolTimeout(options.timeoutMs);
    const name = options.name ?? 'mysql';
    const tracker = new MysqlPoolTracker(pool, name, timeoutMs, options.openConnection);
    this.#parts.addDatabase(pool, tracker, tracker);
    return this;
  }

  /**
   * Closes a `better-sqlite3` database as a resource: a transaction still open is rolled back
   * and reported, the WAL is checkpointed, then the database is closed.
   *
   * @example
   * worker.trackSqlite(new Database('app.db'));
   */
  trackSqlite(db: SqliteDatabaseLike, options: TrackSqliteOptions = {}): this {
    this.#throwIfDraining('trackSqlite');
    validateMethods('trackSqlite() database', db, ['exec', 'pragma', 'close']);
    this.#parts.addDatabase(db, sqliteResource(db, options.name ?? 'sqlite'));
    return this;
  }

  /**
   * Runs fn in a transaction on a connection of a tracked pool: COMMIT when fn resolves,
   * ROLLBACK when it throws, and the connection goes back to the pool either way. Open
   * transactions are counted; one still open at the drain's soft deadline has its session ended
   * (the server rolls it back), and fn's later COMMIT fails with ERR_TRANSACTION_ROLLED_BACK.
   *
   * @example
   * await worker.transaction(pool, async (client: pg.PoolClient) => {
   *   await client.query('UPDATE stock SET n = n - 1 WHERE id = $1', [id]);
   *   await client.query('INSERT INTO orders (item) VALUES ($1)', [id]);
   * });
   */
  transaction<C extends PgClientLike, T>(
    pool: PgPoolLike<C>,
    fn: (client: C) => T,
  ): Promise<Awaited<T>>;
  transaction<C extends MysqlConnectionLike, T>(
    pool: MysqlPoolLike<C>,
    fn: (connection: C) => T,
  ): Promise<Awaited<T>>;
  transaction(pool: object, fn: (client: unknown) => unknown): Promise<unknown> {
    if (typeof fn !== 'function') throw new TypeError('transaction(): fn must be a function');
    const source = this.#parts.sourceFor(pool);
    const registry = this.#parts.transactions!;
    return registry.run(source, fn);
  }

  /** Tells the supervisor this worker can take traffic. */
  ready(): void {
    if (this.#state !== 'starting') return;
    this.#state = 'ready';
    void this.#settings.transport.send({ supervisor: 1, type: 'ready' });
  }

  /** Runs the drain once; later calls (a second drain message, a signal) join the first. */
  drain(request: DrainRequest = {}): Promise<DrainReport> {
    this.#drain ??= this.#runDrain(request);
    return this.#drain;
  }

  async #runDrain(request: DrainRequest): Promise<DrainReport> {
    // The drain's own timers are unref'd; this one keeps the process alive until the report is
    // out, even when closing the servers leaves nothing else running.
    const keepAlive = setInterval(() => undefined, 60_000);
    try {
      const reason = request.reason ?? 'shutdown';
      const deadline = new Deadline(request.deadline ?? Date.now() + this.#settings.graceMs);
      this.#state = 'draining';
      this.#controller.abort(new WorkerError('ERR_WORKER_DRAINING', `draining (${reason})`));
      const report = await runDrainSequence(this.#parts, reason, deadline);
      await this.#settings.transport.send({ supervisor: 1, type: 'drained', report });
      this.#state = 'drained';
      await this.#settings.onDrained(report);
      return report;
    } finally {
      clearInterval(keepAlive);
    }
  }

  #poolTimeout(timeoutMs: number | undefined): number {
    const ms = timeoutMs ?? DEFAULT_POOL_TIMEOUT_MS;
    validateTimeout('pool timeoutMs', ms);
    return ms;
  }

  #progress(phase: ProgressPhase, detail: Record<string, unknown>): void {
    const message = { supervisor: 1, type: 'progress', phase, at: Date.now(), detail } as const;
    void this.#settings.transport.send(message);
  }

  #throwIfDraining(method: string): void {
    if (this.#state === 'draining' || this.#state === 'drained') {
      throw new WorkerError('ERR_WORKER_DRAINING', `${method}() called after the drain began`);
    }
  }
}

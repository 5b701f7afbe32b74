// What a worker has registered for its drain, checked on the way in so the drain can trust it.
import type { Server as HttpServer } from 'node:http';

import type { DrainParts } from './drain-sequence.js';
import { HttpTracker, type TrackServerOptions } from './http-tracker.js';
import { Http2Tracker, type AnyHttp2Server } from './http2-tracker.js';
import type { ManagedResource } from './managed-resource.js';
import type { ProgressPhase } from './protocol.js';
import type { RequestObserver, ServerTracker } from './server-tracker.js';
import { startTask, type RunningTask, type TaskFunction } from './steps.js';
import { TransactionRegistry, type TransactionSource } from './transactions.js';
import { validateName, validateServer, validateTimeout, WorkerError } from './validate.js';
import {
  WebSocketTracker,
  type TrackWebSocketServerOptions,
  type WebSocketServerLike,
} from './websocket-tracker.js';

export class WorkerParts implements DrainParts {
  readonly servers: ServerTracker[] = [];
  readonly webSockets: WebSocketTracker[] = [];
  readonly tasks: RunningTask[] = [];
  readonly resources: ManagedResource[] = [];
  transactions: TransactionRegistry | undefined;
  readonly progress: (phase: ProgressPhase, detail: Record<string, unknown>) => void;
  readonly #sources = new Map<object, TransactionSource<unknown>>();
  readonly #names = new Set<string>();

  constructor(progress: (phase: ProgressPhase, detail: Record<string, unknown>) => void) {
    this.progress = progress;
  }

  addServer(
    server: HttpServer | AnyHttp2Server,
    options: TrackServerOptions,
    observe: RequestObserver,
  ): void {
    validateServer(server);
    if (options.idleGraceMs !== undefined) validateTimeout('idleGraceMs', options.idleGraceMs);
    // Only node:http2 servers have updateSettings(). Not closeIdleConnections(): Node 20's
    // Http2SecureServer has one too, and treating its sessions as HTTP/1 sockets cuts streams.
    const isHttp2 = typeof (server as Partial<AnyHttp2Server>).updateSettings === 'function';
    this.servers.push(
      isHttp2
        ? new Http2Tracker(server as AnyHttp2Server, observe)
        : new HttpTracker(server as HttpServer, options, observe),
    );
  }

  addWebSocketServer(server: WebSocketServerLike, options: TrackWebSocketServerOptions): void {
    const candidate = server as Partial<WebSocketServerLike> | null;
    if (!(candidate?.clients instanceof Set) || typeof candidate.close !== 'function') {
      throw new TypeError('trackWebSocketServer() needs a ws WebSocketServer with clientTracking');
    }
    if (options.closeTimeoutMs !== undefined) {
      validateTimeout('closeTimeoutMs', options.closeTimeoutMs);
    }
    this.webSockets.push(new WebSocketTracker(server, options));
  }

  addTask(name: string, fn: TaskFunction, signal: AbortSignal): void {
    this.#claimName('task', name);
    if (typeof fn !== 'function') throw new TypeError(`task "${name}": fn must be a function`);
    this.tasks.push(startTask(name, fn, signal));
  }

  addResource(resource: ManagedResource): void {
    this.#claimName('resource', resource.name);
    this.resources.push(resource);
  }

  /** A database is a resource; its transactions are counted once any database is tracked. */
  addDatabase(handle: object, resource: ManagedResource, source?: TransactionSource<unknown>) {
    if (this.#sources.has(handle)) throw new TypeError(`this pool is already tracked`);
    this.addResource(resource);
    this.transactions ??= new TransactionRegistry();
    if (source) this.#sources.set(handle, source);
  }

  sourceFor(pool: object): TransactionSource<unknown> {
    const source = this.#sources.get(pool);
    if (!source) {
      throw new WorkerError(
        'ERR_POOL_NOT_TRACKED',
        'transaction() needs a pool passed to trackPgPool() or trackMysqlPool() first',
      );
    }
    return source;
  }

  #claimName(kind: string, name: string): void {
    validateName(kind, name);
    if (this.#names.has(name)) throw new TypeError(`${kind} name "${name}" is already used`);
    this.#names.add(name);
  }
}

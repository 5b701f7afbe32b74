// Drains one node:http or node:https server: counts requests (not sockets), closes the listener,
// retires keep-alive sockets without racing requests already on the wire, and cuts what is left
// at the deadline.
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import { Server as TlsServer } from 'node:tls';

import type { CutRequest } from './protocol.js';

export interface TrackServerOptions {
  /**
   * How long an idle keep-alive socket stays open once the drain begins. A request that arrives
   * in this window is answered with `Connection: close` instead of meeting a closed socket.
   */
  idleGraceMs?: number;
}

interface SocketState {
  inflight: number;
  idleTimer?: NodeJS.Timeout;
}

interface RequestInfo {
  method: string;
  path: string;
  startedAt: number;
}

/** What the tracker saw during one drain. */
export interface HttpDrainResult {
  inflightAtDrain: number;
  completedDuringDrain: number;
  socketsForced: number;
  cutRequests: CutRequest[];
}

const DEFAULT_IDLE_GRACE_MS = 250;
/** A socket we ended is destroyed if its peer has not closed its side by then. */
const HALF_CLOSE_WAIT_MS = 1000;
const MAX_PATH_LENGTH = 200;

/** The path without its query string (which may carry secrets), cut to a sensible length. */
function pathOf(url: string | undefined): string {
  const path = (url ?? '').split('?')[0] ?? '';
  return path.length > MAX_PATH_LENGTH ? `${path.slice(0, MAX_PATH_LENGTH)}…` : path;
}

export class HttpTracker {
  readonly #server: HttpServer;
  readonly #idleGraceMs: number;
  readonly #sockets = new Map<Socket, SocketState>();
  readonly #requests = new Map<ServerResponse, RequestInfo>();
  #draining = false;
  #inflightAtDrain = 0;
  #completedDuringDrain = 0;
  #onChange: (() => void) | undefined;

  constructor(server: HttpServer, options: TrackServerOptions = {}) {
    this.#server = server;
    this.#idleGraceMs = options.idleGraceMs ?? DEFAULT_IDLE_GRACE_MS;
    // TLS servers hand requests the TLS socket, which 'secureConnection' announces.
    const connectionEvent = server instanceof TlsServer ? 'secureConnection' : 'connection';
    server.on(connectionEvent, (socket: Socket) => this.#register(socket));
    // Ours must run before the application's handler so the header is set before it writes.
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) =>
      this.#onRequest(req, res),
    );
  }

  get inflight(): number {
    return this.#requests.size;
  }

  get isIdle(): boolean {
    return this.#requests.size === 0 && this.#sockets.size === 0;
  }

  /** Stops accepting and starts retiring sockets; returns the number of requests in flight. */
  startDrain(): number {
    this.#draining = true;
    this.#inflightAtDrain = this.#requests.size;
    // http.Server#close() would also destroy every idle keep-alive socket at once, resetting
    // requests that are already on their way; closing only the listener avoids that race.
    NetServer.prototype.close.call(this.#server);
    for (const response of this.#requests.keys()) markLastResponse(response);
    for (const [socket, state] of this.#sockets) {
      if (state.inflight === 0) this.#retireWhenIdle(socket, state);
    }
    // Sockets opened before trackServer() was called are unknown to us until they send a
    // request; Node's own list still knows the idle ones.
    setTimeout(() => this.#server.closeIdleConnections(), this.#idleGraceMs).unref();
    return this.#inflightAtDrain;
  }

  /** Resolves once no request is in flight and every socket is closed. */
  waitIdle(): Promise<void> {
    if (this.isIdle) return Promise.resolve();
    return new Promise((resolve) => {
      this.#onChange = () => {
        if (!this.isIdle) return;
        this.#onChange = undefined;
        resolve();
      };
    });
  }

  /** Destroys whatever is left and says what it was. */
  forceClose(): HttpDrainResult {
    const now = Date.now();
    const cutRequests = [...this.#requests.values()].map((request) => ({
      method: request.method,
      path: request.path,
      ageMs: now - request.startedAt,
    }));
    const socketsForced = this.#sockets.size;
    for (const socket of this.#sockets.keys()) socket.destroy();
    this.#server.closeAllConnections();
    return { ...this.result(), socketsForced, cutRequests };
  }

  result(): HttpDrainResult {
    return {
      inflightAtDrain: this.#inflightAtDrain,
      completedDuringDrain: this.#completedDuringDrain,
      socketsForced: 0,
      cutRequests: [],
    };
  }

  #register(socket: Socket): SocketState {
    const known = this.#sockets.get(socket);
    if (known) return known;
    const state: SocketState = { inflight: 0 };
    this.#sockets.set(socket, state);
    socket.once('close', () => {
      clearTimeout(state.idleTimer);
      this.#sockets.delete(socket);
      this.#onChange?.();
    });
    if (this.#draining) this.#retireWhenIdle(socket, state);
    return state;
  }

  #onRequest(req: IncomingMessage, res: ServerResponse): void {
    const state = this.#register(req.socket);
    state.inflight += 1;
    clearTimeout(state.idleTimer);
    const info = { method: req.method ?? '', path: pathOf(req.url), startedAt: Date.now() };
    this.#requests.set(res, info);
    if (this.#draining) markLastResponse(res);
    res.once('close', () => this.#onResponseClose(req.socket, state, res));
  }

  #onResponseClose(socket: Socket, state: SocketState, res: ServerResponse): void {
    state.inflight -= 1;
    this.#requests.delete(res);
    if (this.#draining) {
      this.#completedDuringDrain += 1;
      // A response that went out before the drain could not say `Connection: close`.
      if (state.inflight === 0) this.#retireWhenIdle(socket, state);
    }
    this.#onChange?.();
  }

  #retireWhenIdle(socket: Socket, state: SocketState): void {
    clearTimeout(state.idleTimer);
    state.idleTimer = setTimeout(() => {
      if (state.inflight > 0 || socket.destroyed) return;
      socket.end();
      setTimeout(() => socket.destroy(), HALF_CLOSE_WAIT_MS).unref();
    }, this.#idleGraceMs);
    state.idleTimer.unref();
  }
}

/** Tells the client this response is the connection's last; Node closes it after sending. */
function markLastResponse(res: ServerResponse): void {
  if (!res.headersSent) res.setHeader('Connection', 'close');
}

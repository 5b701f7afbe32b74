// Drains one node:http or node:https server: counts requests (not sockets), closes the listener,
// retires keep-alive sockets without racing requests already on the wire, leaves upgraded
// sockets to their protocol, and cuts what is left at the deadline.
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

import { hookAlongside } from './hook-alongside.js';
import {
  cutRequestsOf,
  pathOf,
  type HttpDrainResult,
  type RequestInfo,
  type RequestObserver,
  type ServerTracker,
} from './server-tracker.js';

export interface TrackServerOptions {
  /**
   * How long an idle keep-alive socket stays open once the drain begins (default 250 ms). A
   * request that arrives in this window is answered with `Connection: close` instead of meeting
   * a closed socket.
   */
  idleGraceMs?: number;
}

interface SocketState {
  /** Responses in flight on this socket, oldest first (more than one when pipelined). */
  responses: ServerResponse[];
  upgraded: boolean;
  idleTimer?: NodeJS.Timeout;
}

const DEFAULT_IDLE_GRACE_MS = 250;
/**
 * How long a retired idle socket lingers after its FIN before it is destroyed. Our FIN and a
 * request the client sent at the same moment cross on the wire; the linger lets the client see
 * the FIN, and fail that request as "connection closed" (which it may retry), before we close.
 */
const FIN_LINGER_MS = 250;

export class HttpTracker implements ServerTracker {
  readonly #server: HttpServer;
  readonly #idleGraceMs: number;
  readonly #observe: RequestObserver;
  readonly #sockets = new Map<Socket, SocketState>();
  readonly #requests = new Map<ServerResponse, RequestInfo>();
  readonly #markedByUs = new WeakSet<ServerResponse>();
  #draining = false;
  #forced = false;
  #inflightAtDrain = 0;
  #completed = 0;
  #aborted = 0;
  #upgradedAtDrain = 0;
  #upgradedClosed = 0;
  #onChange: (() => void) | undefined;

  constructor(server: HttpServer, options: TrackServerOptions, observe: RequestObserver) {
    this.#server = server;
    this.#idleGraceMs = options.idleGraceMs ?? DEFAULT_IDLE_GRACE_MS;
    this.#observe = observe;
    // TLS servers hand requests the TLS socket, which 'secureConnection' announces.
    // Limitation: a client that connects but never finishes its TLS handshake is unseen until
    // then, so the drain neither waits for it nor reports it; it dies with the process, which
    // matters only to a worker that keeps running after its drain (exitOnDrained: false).
    const connectionEvent = isTlsServer(server) ? 'secureConnection' : 'connection';
    server.on(connectionEvent, (socket: Socket) => this.#register(socket));
    // Ours must run before the application's handler so the header is set before it writes.
    const onRequest = (req: IncomingMessage, res: ServerResponse) => this.#onRequest(req, res);
    server.prependListener('request', onRequest);
    // Listening to these changes what Node does when nobody else listens (it answers 100
    // Continue itself; it treats an Upgrade as a plain request), so join only alongside the app.
    hookAlongside(server, 'checkContinue', onRequest);
    hookAlongside(server, 'checkExpectation', onRequest);
    const onUpgrade = (_req: IncomingMessage, socket: Socket) => this.#onUpgrade(socket);
    hookAlongside(server, 'upgrade', onUpgrade);
    hookAlongside(server, 'connect', onUpgrade);
  }

  startDrain(): number {
    this.#draining = true;
    this.#inflightAtDrain = this.#requests.size;
    // http.Server#close() would also destroy every idle keep-alive socket at once, resetting
    // requests that are already on their way; closing only the listener avoids that race.
    NetServer.prototype.close.call(this.#server);
    for (const [socket, state] of this.#sockets) {
      if (state.upgraded) this.#upgradedAtDrain += 1;
      else if (state.responses.length > 0) this.#markLast(state);
      else this.#retireWhenIdle(socket, state);
    }
    // Sockets opened before trackServer() are unknown to us until they send a request; Node's
    // own list still has the idle ones. Ours are closed by then, so this reaches only those.
    const unknownIdleAfterMs = this.#idleGraceMs + FIN_LINGER_MS + 50;
    setTimeout(() => this.#server.closeIdleConnections(), unknownIdleAfterMs).unref();
    return this.#inflightAtDrain;
  }

  waitIdle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => {
      this.#onChange = () => {
        if (!this.#isIdle()) return;
        this.#onChange = undefined;
        resolve();
      };
    });
  }

  forceClose(): HttpDrainResult {
    this.#forced = true;
    const cutRequests = cutRequestsOf(this.#requests.values(), Date.now());
    const states = [...this.#sockets.values()];
    const upgradedForced = states.filter((state) => state.upgraded).length;
    for (const socket of this.#sockets.keys()) socket.destroy();
    this.#server.closeAllConnections();
    const result = this.result();
    return {
      ...result,
      socketsForced: states.length - upgradedForced,
      cutRequests,
      upgraded: { ...result.upgraded, forced: upgradedForced },
    };
  }

  result(): HttpDrainResult {
    return {
      inflightAtDrain: this.#inflightAtDrain,
      completedDuringDrain: this.#completed,
      abortedDuringDrain: this.#aborted,
      socketsForced: 0,
      cutRequests: [],
      upgraded: { atDrain: this.#upgradedAtDrain, closed: this.#upgradedClosed, forced: 0 },
    };
  }

  #isIdle(): boolean {
    return this.#requests.size === 0 && this.#sockets.size === 0;
  }

  #register(socket: Socket): SocketState {
    const known = this.#sockets.get(socket);
    if (known) return known;
    const state: SocketState = { responses: [], upgraded: false };
    this.#sockets.set(socket, state);
    socket.once('close', () => {
      clearTimeout(state.idleTimer);
      this.#sockets.delete(socket);
      if (state.upgraded && this.#draining && !this.#forced) this.#upgradedClosed += 1;
      this.#onChange?.();
    });
    if (this.#draining) this.#retireWhenIdle(socket, state);
    return state;
  }

  #onRequest(req: IncomingMessage, res: ServerResponse): void {
    const state = this.#register(req.socket);
    state.responses.push(res);
    clearTimeout(state.idleTimer);
    this.#requests.set(res, {
      method: req.method ?? '',
      path: pathOf(req.url),
      startedAt: Date.now(),
    });
    this.#observe(req, res);
    if (this.#draining) this.#markLast(state);
    res.once('close', () => this.#onResponseClose(req.socket, state, res));
  }

  #onUpgrade(socket: Socket): void {
    const state = this.#register(socket);
    state.upgraded = true;
    clearTimeout(state.idleTimer);
    if (this.#draining) this.#upgradedAtDrain += 1;
  }

  #onResponseClose(socket: Socket, state: SocketState, res: ServerResponse): void {
    state.responses.splice(state.responses.indexOf(res), 1);
    this.#requests.delete(res);
    if (this.#draining) {
      if (res.writableFinished) this.#completed += 1;
      else this.#aborted += 1;
      // A response that went out before the drain could not say `Connection: close`.
      if (state.responses.length === 0 && !state.upgraded) this.#retireWhenIdle(socket, state);
    }
    this.#onChange?.();
  }

  /**
   * Marks the socket's newest response as its last. Node drops pipelined responses queued
   * behind a `Connection: close` one, so an older response loses the mark while it still can.
   */
  #markLast(state: SocketState): void {
    const newest = state.responses.at(-1);
    for (const res of state.responses) {
      if (res === newest || res.headersSent || !this.#markedByUs.has(res)) continue;
      res.removeHeader('Connection');
      this.#markedByUs.delete(res);
    }
    if (newest && !newest.headersSent) {
      newest.setHeader('Connection', 'close');
      this.#markedByUs.add(newest);
    }
  }

  #retireWhenIdle(socket: Socket, state: SocketState): void {
    clearTimeout(state.idleTimer);
    state.idleTimer = setTimeout(() => {
      if (state.responses.length > 0 || state.upgraded || socket.destroyed) return;
      retireIdleSocket(socket);
    }, this.#idleGraceMs);
    state.idleTimer.unref();
  }
}

/**
 * Stops reading before sending FIN: a request that crosses our FIN is then never parsed, so no
 * handler runs for a request that could not be answered (measured in docs/worker-sdk.md).
 */
function retireIdleSocket(socket: Socket): void {
  socket.pause();
  socket.end();
  setTimeout(() => socket.destroy(), FIN_LINGER_MS).unref();
}

// A tls.Server (https too) has addContext; an http.Server has not. Checked by shape so that the
// SDK does not load node:tls into every worker: a worker that serves TLS has loaded it already.
function isTlsServer(server: object): boolean {
  return typeof (server as { addContext?: unknown }).addContext === 'function';
}

// Drains one node:http2 server: closes the listener, sends every session a GOAWAY (in-flight
// streams finish, new ones are refused), and destroys the sessions still open at the deadline.
import type {
  Http2Server,
  Http2Session,
  Http2SecureServer,
  IncomingHttpHeaders,
  ServerHttp2Stream,
} from 'node:http2';
import { Server as NetServer } from 'node:net';

import { hookAlongside } from './hook-alongside.js';
import {
  cutRequestsOf,
  pathOf,
  type HttpDrainResult,
  type RequestInfo,
  type RequestObserver,
  type ServerTracker,
} from './server-tracker.js';

export type AnyHttp2Server = Http2Server | Http2SecureServer;

export class Http2Tracker implements ServerTracker {
  readonly #server: AnyHttp2Server;
  readonly #sessions = new Set<Http2Session>();
  readonly #streams = new Map<ServerHttp2Stream, RequestInfo>();
  #draining = false;
  #inflightAtDrain = 0;
  #sessionsAtDrain = 0;
  #completed = 0;
  #aborted = 0;
  #onChange: (() => void) | undefined;

  constructor(server: AnyHttp2Server, observe: RequestObserver) {
    this.#server = server;
    server.on('session', (session: Http2Session) => this.#onSession(session));
    server.on('stream', (stream: ServerHttp2Stream, headers: IncomingHttpHeaders) =>
      this.#onStream(stream, headers),
    );
    // The compatibility API starts once a 'request' listener exists: never start it ourselves.
    hookAlongside(server, 'request', (req: object, res: NodeJS.EventEmitter) => observe(req, res));
  }

  startDrain(): number {
    this.#draining = true;
    this.#inflightAtDrain = this.#streams.size;
    this.#sessionsAtDrain = this.#sessions.size;
    // Before Node 24, http2's close() leaves sessions open; each is closed (GOAWAY) below.
    NetServer.prototype.close.call(this.#server);
    for (const session of this.#sessions) session.close();
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
    const cutRequests = cutRequestsOf(this.#streams.values(), Date.now());
    const forced = this.#sessions.size;
    for (const session of this.#sessions) session.destroy();
    const result = this.result();
    return {
      ...result,
      socketsForced: forced,
      cutRequests,
      http2Sessions: { atDrain: this.#sessionsAtDrain, forced },
    };
  }

  result(): HttpDrainResult {
    return {
      inflightAtDrain: this.#inflightAtDrain,
      completedDuringDrain: this.#completed,
      abortedDuringDrain: this.#aborted,
      socketsForced: 0,
      cutRequests: [],
      upgraded: { atDrain: 0, closed: 0, forced: 0 },
      http2Sessions: { atDrain: this.#sessionsAtDrain, forced: 0 },
    };
  }

  #isIdle(): boolean {
    return this.#sessions.size === 0 && this.#streams.size === 0;
  }

  #onSession(session: Http2Session): void {
    this.#sessions.add(session);
    session.once('close', () => {
      this.#sessions.delete(session);
      this.#onChange?.();
    });
    if (this.#draining) session.close();
  }

  #onStream(stream: ServerHttp2Stream, headers: IncomingHttpHeaders): void {
    const method = String(headers[':method'] ?? '');
    const path = pathOf(String(headers[':path'] ?? ''));
    this.#streams.set(stream, { method, path, startedAt: Date.now() });
    stream.once('close', () => {
      this.#streams.delete(stream);
      if (this.#draining) {
        if (stream.rstCode === 0) this.#completed += 1;
        else this.#aborted += 1;
      }
      this.#onChange?.();
    });
  }
}

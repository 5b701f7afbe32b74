// The control server: WebSocket (ws) over a Unix domain socket, <stateDir>/supervisor.sock, mode
// 0600 in a 0700 directory. No TCP port is ever opened: file permissions are the access control.
import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';

import { WebSocketServer, type WebSocket } from 'ws';

import type { Logger } from '../logger.js';
import { ClientSession } from './client-session.js';
import { MAX_FRAME_BYTES } from './control-protocol.js';
import type { ControlTarget } from './control-target.js';
import { MisuseLog } from './misuse-log.js';
import {
  controlSocketPath,
  ControlSocketError,
  preparePrivateDir,
  removeStaleSocket,
  throwOnUnusableSocketPath,
} from './socket-path.js';

/** Connections beyond this are closed at once (1013, try again later). */
const MAX_CLIENTS = 64;
/** How long clients get to take their close frame before they are cut. */
const CLOSE_GRACE_MS = 500;

export interface ControlServerOptions {
  stateDir: string;
  target: ControlTarget;
  log: Logger;
}

export class ControlServer {
  readonly socketPath: string;
  readonly #http: Server;
  readonly #wss: WebSocketServer;
  readonly #log: Logger;
  readonly #misuse: MisuseLog;

  private constructor(socketPath: string, options: ControlServerOptions) {
    this.socketPath = socketPath;
    this.#log = options.log.child({ component: 'control' });
    this.#misuse = new MisuseLog(this.#log);
    this.#http = createServer((_request, response) => {
      response.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' });
      response.end('the supervisor control socket speaks WebSocket only\n');
    });
    this.#http.on('clientError', (error, socket) => {
      this.#misuse.note('bad-handshake', error.message);
      socket.destroy();
    });
    this.#wss = new WebSocketServer({ server: this.#http, maxPayload: MAX_FRAME_BYTES });
    this.#wss.on('wsClientError', (error, socket) => {
      this.#misuse.note('bad-handshake', error.message);
      socket.destroy();
    });
    this.#wss.on('connection', (ws) => this.#onConnection(ws, options.target));
  }

  /** Listens on the state directory's socket; rejects with DaemonRunningError if one answers. */
  static async listen(options: ControlServerOptions): Promise<ControlServer> {
    const socketPath = controlSocketPath(options.stateDir);
    throwOnUnusableSocketPath(socketPath);
    preparePrivateDir(options.stateDir);
    await removeStaleSocket(socketPath);
    const server = new ControlServer(socketPath, options);
    await server.#listen();
    return server;
  }

  /** Says goodbye to every client, stops listening and removes the socket file. */
  async close(): Promise<void> {
    // Replies already on their way (the answer to `stop`) leave before the goodbye.
    await new Promise((resolve) => setImmediate(resolve));
    for (const ws of this.#wss.clients) ws.close(1001, 'supervisor exiting');
    const cut = setTimeout(() => {
      for (const ws of this.#wss.clients) ws.terminate();
    }, CLOSE_GRACE_MS);
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.#http.close(() => resolve()));
    clearTimeout(cut);
    rmSync(this.socketPath, { force: true });
    const misuse = this.#misuse.counts();
    if (Object.keys(misuse).length > 0) this.#log.info({ misuse }, 'control misuse counts');
  }

  #listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => {
        const message = `cannot listen on ${this.socketPath}: ${error.message}`;
        reject(new ControlSocketError(message, { cause: error }));
      };
      this.#http.once('error', onError);
      // The socket is bound synchronously inside listen(): a umask that clears group and other
      // bits makes it 0600 from its first instant, with no window before the chmod below.
      const umask = process.umask(0o177);
      try {
        this.#http.listen(this.socketPath, () => {
          this.#http.off('error', onError);
          chmodSync(this.socketPath, 0o600);
          this.#log.debug({ socket: this.socketPath }, 'control socket listening');
          resolve();
        });
      } finally {
        process.umask(umask);
      }
    });
  }

  #onConnection(ws: WebSocket, target: ControlTarget): void {
    if (this.#wss.clients.size > MAX_CLIENTS) {
      this.#misuse.note('too-many-clients');
      ws.close(1013, 'too many control clients');
      return;
    }
    new ClientSession(ws, target, this.#log, this.#misuse);
  }
}

// Drains one `ws` WebSocketServer (duck-typed, so the SDK depends on nothing): refuse new
// clients, send every client close code 1001 (going away), wait for the close handshakes, and
// terminate whoever has not answered in time.
import type { WebSocketReport } from './protocol.js';

/** The part of a `ws` WebSocket the SDK uses. */
export interface WebSocketLike {
  readonly readyState: number;
  close(code?: number, reason?: string): void;
  terminate(): void;
  once(event: 'close', listener: () => void): unknown;
}

/** The part of a `ws` WebSocketServer the SDK uses (its `clientTracking` must stay on). */
export interface WebSocketServerLike {
  readonly clients: Set<WebSocketLike>;
  close(callback?: (error?: Error) => void): void;
}

export interface TrackWebSocketServerOptions {
  /** How long clients get to answer the close frame before they are terminated; default 5000. */
  closeTimeoutMs?: number;
  /** The close frame's reason text; default 'server going away'. */
  reason?: string;
}

const GOING_AWAY = 1001;
const CLOSED = 3;
const DEFAULT_CLOSE_TIMEOUT_MS = 5000;

export class WebSocketTracker {
  readonly #server: WebSocketServerLike;
  readonly #closeTimeoutMs: number;
  readonly #reason: string;
  readonly #open = new Set<WebSocketLike>();
  readonly #terminated = new WeakSet<WebSocketLike>();
  #report: WebSocketReport = { atDrain: 0, closed: 0, terminated: 0 };
  #onChange: (() => void) | undefined;

  constructor(server: WebSocketServerLike, options: TrackWebSocketServerOptions = {}) {
    this.#server = server;
    this.#closeTimeoutMs = options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
    this.#reason = options.reason ?? 'server going away';
  }

  /** Refuses new clients and sends every open one a close frame; returns how many there were. */
  startDrain(): number {
    this.#server.close(() => undefined);
    const clients = [...this.#server.clients].filter((client) => client.readyState !== CLOSED);
    this.#report.atDrain = clients.length;
    for (const client of clients) this.#closePolitely(client);
    if (clients.length > 0) {
      setTimeout(() => this.#terminateAll(), this.#closeTimeoutMs).unref();
    }
    return clients.length;
  }

  waitIdle(): Promise<void> {
    if (this.#open.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.#onChange = () => {
        if (this.#open.size > 0) return;
        this.#onChange = undefined;
        resolve();
      };
    });
  }

  /** Terminates the clients still open and returns the final counts. */
  forceClose(): WebSocketReport {
    this.#terminateAll();
    return this.result();
  }

  result(): WebSocketReport {
    return { ...this.#report };
  }

  #closePolitely(client: WebSocketLike): void {
    this.#open.add(client);
    client.once('close', () => {
      if (this.#terminated.has(client)) return;
      this.#open.delete(client);
      this.#report.closed += 1;
      this.#onChange?.();
    });
    client.close(GOING_AWAY, this.#reason);
  }

  /** Counted at once: a terminated client's 'close' event comes a tick later. */
  #terminateAll(): void {
    for (const client of this.#open) {
      this.#terminated.add(client);
      this.#report.terminated += 1;
      client.terminate();
    }
    this.#open.clear();
    this.#onChange?.();
  }
}

// A bare WebSocket client of the control socket, for tests that send what the CLI never would.
import { once } from 'node:events';

import WebSocket from 'ws';

export interface Frame {
  id?: unknown;
  result?: unknown;
  error?: { code: string; message: string };
  event?: { type: string; [field: string]: unknown };
}

/** An open connection that collects every frame it receives and how it was closed. */
export class RawControlClient {
  readonly ws: WebSocket;
  readonly frames: Frame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data: Buffer) => this.frames.push(JSON.parse(data.toString()) as Frame));
    this.closed = once(ws, 'close').then(([code, reason]) => ({
      code: code as number,
      reason: String(reason),
    }));
  }

  static async connect(socketPath: string): Promise<RawControlClient> {
    const ws = new WebSocket(`ws+unix:${socketPath}:/`);
    ws.on('error', () => undefined); // a server that closes on us is what some tests want
    await once(ws, 'open');
    return new RawControlClient(ws);
  }

  /** Sends one request and resolves with the reply that carries its id. */
  async call(id: number, method: string, params?: unknown): Promise<Frame> {
    this.ws.send(JSON.stringify({ id, method, ...(params === undefined ? {} : { params }) }));
    return this.waitFor((frame) => frame.id === id);
  }

  async waitFor(match: (frame: Frame) => boolean, timeoutMs = 5_000): Promise<Frame> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(match);
      if (found) return found;
      if (Date.now() > until) throw new Error(`no such frame in ${JSON.stringify(this.frames)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  close(): void {
    this.ws.close();
  }
}

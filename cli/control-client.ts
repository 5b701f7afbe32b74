// The CLI's side of the control socket: one WebSocket connection to the daemon, requests that
// resolve with their reply, and the events the connection subscribed to.
import WebSocket from 'ws';

import type { ControlErrorCode, ControlEvent, ControlReply } from '../daemon/index.js';
// The socket path module alone: the daemon's index would load all of the daemon.
import { controlSocketPath, throwOnUnusableSocketPath } from '../daemon/control/socket-path.js';
import { CliError, EXIT_FAILED, EXIT_NO_DAEMON, EXIT_USAGE } from './cli-error.js';

/** How long connecting may take before the daemon counts as not answering. */
const CONNECT_TIMEOUT_MS = 5_000;

type Pending = { resolve: (result: unknown) => void; reject: (error: Error) => void };

// Errors the daemon answers with, as exit codes: a request it found malformed is our usage
// error; anything else is an operation that could not be done.
const EXIT_OF_CODE: Partial<Record<ControlErrorCode, number>> = {
  ERR_INVALID_PARAMS: EXIT_USAGE,
};

function getNoDaemonError(stateDir: string, cause: unknown): CliError {
  const message =
    `no supervisor is running for ${stateDir} (nothing answers on ` +
    `${controlSocketPath(stateDir)}). Start one with \`supervisor start <config> --detach\`, ` +
    'or point --config / --state-dir at the one you mean';
  return new CliError(message, EXIT_NO_DAEMON, 'ERR_NO_DAEMON', { cause });
}

function getConnectError(stateDir: string, error: NodeJS.ErrnoException): CliError {
  const noDaemon = ['ENOENT', 'ECONNREFUSED', 'ENOTSOCK', 'ETIMEDOUT'];
  if (error.code !== undefined && noDaemon.includes(error.code)) {
    return getNoDaemonError(stateDir, error);
  }
  const message = `cannot reach the supervisor on ${controlSocketPath(stateDir)}: ${error.message}`;
  return new CliError(message, EXIT_FAILED, 'ERR_CONTROL_UNREACHABLE', { cause: error });
}

/** Throws a usage error (exit 2) when the state directory is too deep for a Unix socket. */
export function validateSocketPath(stateDir: string): void {
  try {
    throwOnUnusableSocketPath(controlSocketPath(stateDir));
  } catch (error: unknown) {
    throw new CliError((error as Error).message, EXIT_USAGE, 'ERR_CONTROL_SOCKET', {
      cause: error,
    });
  }
}

function getClosedError(): CliError {
  const message = 'the supervisor closed the connection before it answered';
  return new CliError(message, EXIT_FAILED, 'ERR_CONTROL_CLOSED');
}

export class ControlClient {
  readonly #ws: WebSocket;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Set<(event: ControlEvent) => void>();
  #nextId = 1;
  /** Resolves when the connection has closed, for whatever reason. */
  readonly closed: Promise<void>;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (data: Buffer) => this.#onFrame(data.toString('utf8')));
    this.closed = new Promise((resolve) => {
      ws.once('close', () => {
        const error = getClosedError();
        for (const pending of this.#pending.values()) pending.reject(error);
        this.#pending.clear();
        resolve();
      });
    });
  }

  /** Connects to the daemon of a state directory; no daemon there is a CliError (exit 3). */
  static async connect(stateDir: string): Promise<ControlClient> {
    validateSocketPath(stateDir);
    const url = `ws+unix:${controlSocketPath(stateDir)}:/`;
    const ws = new WebSocket(url, { handshakeTimeout: CONNECT_TIMEOUT_MS });
    return new Promise((resolve, reject) => {
      ws.once('open', () => {
        ws.removeAllListeners('error');
        ws.on('error', () => undefined); // a later failure shows up as 'close'
        resolve(new ControlClient(ws));
      });
      ws.once('error', (error: NodeJS.ErrnoException) => reject(getConnectError(stateDir, error)));
    });
  }

  /** Sends a request; resolves with its result, rejects with a CliError for an error reply. */
  request<Result>(method: string, params: Record<string, unknown> = {}): Promise<Result> {
    const id = this.#nextId++;
    return new Promise<Result>((resolve, reject) => {
      if (this.#ws.readyState !== WebSocket.OPEN) {
        reject(getClosedError());
        return;
      }
      this.#pending.set(id, { resolve: (result) => resolve(result as Result), reject });
      this.#ws.send(JSON.stringify({ id, method, params }));
    });
  }

  onEvent(listener: (event: ControlEvent) => void): void {
    this.#listeners.add(listener);
  }

  close(): Promise<void> {
    this.#ws.close(1000);
    return this.closed;
  }

  #onFrame(text: string): void {
    let frame: ControlReply | { event: ControlEvent };
    try {
      frame = JSON.parse(text) as typeof frame;
    } catch {
      return; // not ours to answer: the daemon only sends JSON
    }
    if ('event' in frame) {
      for (const listener of this.#listeners) listener(frame.event);
      return;
    }
    const pending = typeof frame.id === 'number' ? this.#pending.get(frame.id) : undefined;
    if (!pending || frame.id === null) return;
    this.#pending.delete(frame.id as number);
    if ('result' in frame) {
      pending.resolve(frame.result);
      return;
    }
    const { code, message } = frame.error;
    pending.reject(new CliError(message, EXIT_OF_CODE[code] ?? EXIT_FAILED, code));
  }
}

/** Connects to the daemon of `stateDir`, runs `use`, and closes the connection. */
export async function withControlClient<T>(
  stateDir: string,
  use: (client: ControlClient) => Promise<T>,
): Promise<T> {
  const client = await ControlClient.connect(stateDir);
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

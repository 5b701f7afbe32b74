// One control connection: parses its requests, runs them against the target, replies, and
// streams the events it subscribed to. A client that misbehaves gets error replies, then is
// disconnected; the daemon never throws because of it.
import type { WebSocket, RawData } from 'ws';

import type { Logger } from '../logger.js';
import { ControlError } from './control-error.js';
import { parseRequest, TOPICS, type ControlReply, type RequestId } from './control-protocol.js';
import type { ControlEvent, ControlEventType, ControlTarget } from './control-target.js';
import {
  parseNoParams,
  parseReloadParams,
  parseRestartParams,
  parseStopParams,
  parseSubscribeParams,
} from './method-params.js';
import type { Misuse, MisuseLog } from './misuse-log.js';

/** Bad frames a connection may send before it is closed (1008, policy violation). */
export const MAX_BAD_FRAMES = 100;
/** Unsent output past which a subscriber that does not read is dropped. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** What the CLI's requests are recorded as, in the history's `trigger` column. */
const TRIGGER = 'cli';

type Handler = (params: Record<string, unknown>) => Promise<unknown>;

const MISUSE_OF_CODE: Partial<Record<ControlError['code'], Misuse>> = {
  ERR_PARSE: 'malformed-json',
  ERR_INVALID_REQUEST: 'invalid-request',
  ERR_UNKNOWN_METHOD: 'unknown-method',
  ERR_INVALID_PARAMS: 'invalid-params',
};

export class ClientSession {
  readonly #ws: WebSocket;
  readonly #target: ControlTarget;
  readonly #log: Logger;
  readonly #misuse: MisuseLog;
  readonly #handlers: Map<string, Handler>;
  #badFrames = 0;
  #unsubscribe: (() => void) | undefined;

  constructor(ws: WebSocket, target: ControlTarget, log: Logger, misuse: MisuseLog) {
    this.#ws = ws;
    this.#target = target;
    this.#log = log;
    this.#misuse = misuse;
    this.#handlers = this.#buildHandlers();
    ws.on('message', (data, isBinary) => this.#onFrame(data, isBinary));
    ws.on('close', () => this.#unsubscribe?.());
    ws.on('error', (error: Error & { code?: string }) => {
      const isTooBig = error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';
      this.#misuse.note(isTooBig ? 'oversized-frame' : 'invalid-frame', error.message);
    });
  }

  #buildHandlers(): Map<string, Handler> {
    const target = this.#target;
    return new Map<string, Handler>([
      ['status', (params) => (parseNoParams(params), target.status())],
      ['stop', (params) => target.stop({ trigger: TRIGGER, ...parseStopParams(params) })],
      ['reload', (params) => target.reload(parseReloadParams(params).names, TRIGGER)],
      ['restart', (params) => target.restart(parseRestartParams(params).name, TRIGGER)],
      ['subscribe', (params) => Promise.resolve(this.#subscribe(params))],
      ['unsubscribe', (params) => Promise.resolve(this.#stopEvents(params))],
    ]);
  }

  #onFrame(data: RawData, isBinary: boolean): void {
    if (isBinary) {
      const error = new ControlError('ERR_INVALID_REQUEST', 'frames must be text (JSON)');
      this.#reject(null, error, 'binary-frame');
      return;
    }
    const frame = parseRequest(rawToText(data));
    if ('error' in frame) {
      this.#reject(frame.id, frame.error);
      return;
    }
    const handler = this.#handlers.get(frame.method);
    if (!handler) {
      const known = [...this.#handlers.keys()].join(', ');
      const message = `unknown method ${JSON.stringify(frame.method)}; known: ${known}`;
      this.#reject(frame.id, new ControlError('ERR_UNKNOWN_METHOD', message));
      return;
    }
    // The handler starts before the next frame is read, so requests start in the order they
    // arrive: a client may send `subscribe` and `stop` at once (docs/control-protocol.md).
    void this.#run(frame.id, frame.method, () => handler(frame.params));
  }

  async #run(id: RequestId, method: string, call: () => Promise<unknown>): Promise<void> {
    try {
      this.#send({ id, result: await call() });
    } catch (error: unknown) {
      if (error instanceof ControlError) {
        this.#reject(id, error);
        return;
      }
      this.#log.error({ err: error, method }, 'control request failed');
      const message = `${method} failed inside the supervisor; its log says why`;
      this.#send({ id, error: { code: 'ERR_INTERNAL', message } });
    }
  }

  /** Replies with an error; client mistakes are counted, and too many close the connection. */
  #reject(id: RequestId | null, error: ControlError, misuse = MISUSE_OF_CODE[error.code]): void {
    this.#send({ id, error: { code: error.code, message: error.message } });
    if (misuse === undefined) return;
    this.#misuse.note(misuse, error.message);
    this.#badFrames += 1;
    if (this.#badFrames === MAX_BAD_FRAMES) {
      this.#misuse.note('too-many-bad-frames');
      this.#ws.close(1008, 'too many bad requests');
    }
  }

  #subscribe(params: Record<string, unknown>): { topics: string[] } {
    const { topics, worker } = parseSubscribeParams(params);
    const types = new Set<ControlEventType>(topics.flatMap((topic) => TOPICS[topic]));
    this.#unsubscribe?.();
    this.#unsubscribe = this.#target.subscribe((event) => {
      if (!types.has(event.type)) return;
      if (worker !== undefined && 'worker' in event && event.worker !== worker) return;
      this.#sendEvent(event);
    });
    return { topics };
  }

  #stopEvents(params: Record<string, unknown>): { topics: string[] } {
    parseNoParams(params);
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    return { topics: [] };
  }

  #sendEvent(event: ControlEvent): void {
    if (this.#ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.#misuse.note('slow-subscriber');
      this.#unsubscribe?.();
      this.#ws.terminate();
      return;
    }
    this.#sendText(JSON.stringify({ event }));
  }

  #send(reply: ControlReply): void {
    this.#sendText(JSON.stringify(reply));
  }

  #sendText(text: string): void {
    if (this.#ws.readyState === this.#ws.OPEN) this.#ws.send(text);
  }
}

function rawToText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

// Per-request abort signals: aborted when the drain begins or when the request's response
// closes, so a streaming handler can stop politely on either.
import { WorkerError } from './validate.js';

interface Closable {
  once(event: 'close', listener: () => void): unknown;
}

export class RequestSignals {
  readonly #drain: AbortSignal;
  readonly #responses = new WeakMap<object, Closable>();
  readonly #signals = new WeakMap<object, AbortSignal>();

  constructor(drain: AbortSignal) {
    this.#drain = drain;
  }

  /** Called by the server trackers for every request they see. */
  remember(req: object, res: Closable): void {
    this.#responses.set(req, res);
  }

  /** The request's signal; the same one on every call for the same request. */
  signalFor(req: object): AbortSignal {
    const known = this.#signals.get(req);
    if (known) return known;
    // A response says when the exchange is over; a request alone only says when it was read.
    const closes = this.#responses.get(req) ?? (req as Partial<Closable>);
    if (typeof closes.once !== 'function') {
      throw new TypeError('requestSignal() needs a request from a node:http or node:http2 server');
    }
    const ended = new AbortController();
    closes.once('close', () =>
      ended.abort(new WorkerError('ERR_REQUEST_CLOSED', 'the request is over')),
    );
    const signal = AbortSignal.any([this.#drain, ended.signal]);
    this.#signals.set(req, signal);
    return signal;
  }
}

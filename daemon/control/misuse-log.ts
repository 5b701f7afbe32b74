// Logs each kind of client misbehaviour once, then only counts it: a hostile client sending a
// million bad frames must not fill the daemon's log.
import type { Logger } from '../logger.js';

export type Misuse =
  | 'malformed-json'
  | 'invalid-request'
  | 'unknown-method'
  | 'invalid-params'
  | 'binary-frame'
  | 'oversized-frame'
  | 'invalid-frame'
  | 'bad-handshake'
  | 'too-many-clients'
  | 'too-many-bad-frames'
  | 'slow-subscriber';

export class MisuseLog {
  readonly #log: Logger;
  readonly #counts = new Map<Misuse, number>();

  constructor(log: Logger) {
    this.#log = log;
  }

  note(misuse: Misuse, detail?: string): void {
    const count = (this.#counts.get(misuse) ?? 0) + 1;
    this.#counts.set(misuse, count);
    if (count === 1) this.#log.warn({ misuse, detail }, 'control client misbehaved');
  }

  /** How often each kind happened, for the daemon's exit log line. */
  counts(): Record<string, number> {
    return Object.fromEntries(this.#counts);
  }
}

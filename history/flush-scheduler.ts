// When the writer commits: on the next turn of the event loop while writes come in, or after a
// delay when the database could not take them.

/** Runs one function soon (next turn) or later (after a delay), never both at once. */
export class FlushScheduler {
  readonly #run: () => void;
  #immediate: NodeJS.Immediate | null = null;
  #timer: NodeJS.Timeout | null = null;

  constructor(run: () => void) {
    this.#run = run;
  }

  // An immediate, not a timer, and left referenced: it runs on the next turn of the event loop,
  // so a process that ends naturally still commits what it queued last.
  /** Runs on the next turn, unless a run is already due; a waiting retry is not hurried. */
  soon(): void {
    if (this.#immediate || this.#timer) return;
    this.#immediate = setImmediate(() => {
      this.#immediate = null;
      this.#run();
    });
  }

  // Unref'ed: a locked or broken history must never keep a process alive.
  /** Runs after `delayMs`, unless a retry is already waiting. */
  later(delayMs: number): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#run();
    }, delayMs).unref();
  }

  /** Drops the next-turn run: a synchronous flush is doing its work. */
  cancelSoon(): void {
    if (this.#immediate) clearImmediate(this.#immediate);
    this.#immediate = null;
  }

  cancelAll(): void {
    this.cancelSoon();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

// A FIFO queue with a size limit that drops its oldest items, in O(1) per push, even when a
// burst keeps it full.

// Dropped items are reclaimed in chunks rather than on every shift.
const COMPACT_AFTER = 1024;

/** Pending items, oldest first; pushing onto a full queue drops the oldest. */
export class BoundedQueue<T> {
  readonly limit: number;
  #items: T[] = [];
  #head = 0;

  constructor(limit: number) {
    this.limit = limit;
  }

  get size(): number {
    return this.#items.length - this.#head;
  }

  /** Adds an item; returns true when the oldest one had to be dropped to make room. */
  push(item: T): boolean {
    this.#items.push(item);
    if (this.size <= this.limit) return false;
    this.discard(1);
    return true;
  }

  /** The oldest `count` items, left in the queue until `discard` confirms them. */
  peek(count: number): T[] {
    return this.#items.slice(this.#head, this.#head + count);
  }

  /** Removes the oldest `count` items. */
  discard(count: number): void {
    this.#head = Math.min(this.#head + count, this.#items.length);
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head >= COMPACT_AFTER && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }
}

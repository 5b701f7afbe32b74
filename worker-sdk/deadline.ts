// Time budgets for the drain: one final deadline, and helpers that race work against it.

/** A point in time (epoch ms) that work must finish before. */
export class Deadline {
  readonly at: number;

  constructor(at: number) {
    this.at = at;
  }

  static in(ms: number): Deadline {
    return new Deadline(Date.now() + ms);
  }

  remainingMs(): number {
    return Math.max(0, this.at - Date.now());
  }

  /** A deadline that ends `ms` before this one (never before now). */
  earlierBy(ms: number): Deadline {
    return new Deadline(Math.max(Date.now(), this.at - ms));
  }
}

export const TIMED_OUT = Symbol('timed-out');

/**
 * Resolves with the promise's value, or with TIMED_OUT after `ms`. The timer is unref'd and
 * cleared, so a pending race never keeps the process alive on its own.
 */
export async function raceTimeout<T>(
  promise: Promise<T>,
  ms: number,
): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves after `ms`, without keeping the process alive. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Checks `condition` every `intervalMs` until it holds (true) or `ms` have passed (false). */
export async function pollUntil(condition: () => boolean, ms: number, intervalMs = 20) {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() >= until) return false;
    await sleep(Math.min(intervalMs, Math.max(1, until - Date.now())));
  }
  return true;
}

// Small waiting helpers shared by the benchmarks.
import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

/** Milliseconds since an origin taken with `now()`; performance.now() is monotonic. */
export function now() {
  return performance.now();
}

/** Resolves with the condition's value once it is truthy; rejects after `timeoutMs`. */
export async function waitFor(condition, { timeoutMs = 30_000, intervalMs = 10, what } = {}) {
  const started = now();
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (now() - started > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what ?? 'a condition'}`);
    }
    await sleep(intervalMs);
  }
}

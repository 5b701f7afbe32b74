// Workers of both systems append "<epoch ms> <pid>" to BENCH_READY_FILE once they listen: the
// same worker-side timestamp and pid list, whoever started them.
import { readFileSync, writeFileSync } from 'node:fs';

import { waitFor } from './timing.mjs';

export class ReadyFile {
  constructor(path) {
    this.path = path;
    this.clear();
  }

  clear() {
    writeFileSync(this.path, '');
  }

  /** Every ready line so far, oldest first: { at (epoch ms), pid }. */
  entries() {
    return readFileSync(this.path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [at, pid] = line.split(' ').map(Number);
        return { at, pid };
      });
  }

  /** Resolves with the entries once there are at least `count`. */
  waitCount(count, timeoutMs = 60_000) {
    const what = `${count} workers ready in ${this.path}`;
    return waitFor(
      () => {
        const entries = this.entries();
        return entries.length >= count && entries;
      },
      { timeoutMs, intervalMs: 5, what },
    );
  }
}

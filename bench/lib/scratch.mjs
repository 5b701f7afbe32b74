// Temporary directories for a benchmark's files (ready files, databases), removed at exit.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { onExit } from './cleanup.mjs';
import { ReadyFile } from './ready-file.mjs';

export function scratchDir(label) {
  const dir = mkdtempSync(join(tmpdir(), `bench-${label}-`));
  onExit(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A fresh ready file in its own scratch directory. */
export function readyFile(label) {
  return new ReadyFile(join(scratchDir(label), 'ready'));
}

/** Which system goes first in repetition `rep`: they alternate run by run. */
export function alternate(rep, systems) {
  return rep % 2 === 0 ? systems : [...systems].reverse();
}

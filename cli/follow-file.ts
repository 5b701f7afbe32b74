// Follows a growing file like `tail -F`: new complete lines as they are appended, across
// rotations (the file renamed away and a new one created) and truncation.
import { closeSync, fstatSync, openSync, readSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

/** A safety net for file systems where change notifications do not arrive. */
const POLL_MS = 250;

export interface FileFollower {
  stop(): void;
}

/**
 * Calls `onLine` with each line appended to `path` from `offset` on (or from the start of a
 * new file after a rotation). Lines are handed over whole: a partial last line waits.
 */
export function followFile(
  path: string,
  offset: number,
  onLine: (line: string) => void,
): FileFollower {
  let position = offset;
  let inode = inodeOf(path);
  let pending = '';

  const readNew = () => {
    const current = inodeOf(path);
    if (current === undefined) return; // between a rotation's rename and the new file
    if (current !== inode) {
      // Rotated: the rest of the old file is gone from this name; the new one starts at 0.
      inode = current;
      position = 0;
      pending = '';
    }
    const { start, chunk } = readFrom(path, position);
    if (chunk.length === 0) return;
    position = start + chunk.length;
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line !== '') onLine(line);
  };

  let watcher: FSWatcher | undefined;
  try {
    // The folder, not the file: a rotation replaces the file under its name.
    watcher = watch(dirname(path), (_event, name) => {
      if (name === null || name === basename(path)) readNew();
    });
  } catch {
    watcher = undefined; // polling alone
  }
  const poll = setInterval(readNew, POLL_MS);
  readNew();
  return {
    stop: () => {
      watcher?.close();
      clearInterval(poll);
    },
  };
}

function inodeOf(path: string): number | undefined {
  try {
    return statSync(path).ino;
  } catch {
    return undefined;
  }
}

/** What the file holds past `position`; when it shrank below it (truncated), from the start. */
function readFrom(path: string, position: number): { start: number; chunk: Buffer } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return { start: position, chunk: Buffer.alloc(0) }; // renamed away a moment ago
  }
  try {
    const size = fstatSync(fd).size;
    const start = size < position ? 0 : position;
    const buffer = Buffer.alloc(size - start);
    const read = readSync(fd, buffer, 0, buffer.length, start);
    return { start, chunk: buffer.subarray(0, read) };
  } finally {
    closeSync(fd);
  }
}

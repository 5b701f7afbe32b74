// Reading the worker log files the daemon writes (<stateDir>/logs/<worker>.log): which exist,
// and the last lines of one, read from its end so that a large file costs little.
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs';

import { logsDir, workerLogPath } from '../daemon/logs/log-paths.js';

const CHUNK_BYTES = 64 * 1024;

/** The workers that have a log file, by name. */
export function listLoggedWorkers(stateDir: string): string[] {
  const dir = logsDir(stateDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.log'))
    .map((file) => file.slice(0, -'.log'.length))
    .sort();
}

/** The last `count` complete lines of a file (fewer if it has fewer), oldest first. */
export function readLastLines(path: string, count: number): string[] {
  if (count === 0) return [];
  const fd = openSync(path, 'r');
  try {
    let end = fstatSync(fd).size;
    let text = '';
    // Read chunks backwards until they hold more newlines than lines wanted, or the file ends.
    while (end > 0 && text.split('\n').length <= count + 1) {
      const start = Math.max(0, end - CHUNK_BYTES);
      const buffer = Buffer.alloc(end - start);
      readSync(fd, buffer, 0, buffer.length, start);
      text = buffer.toString('utf8') + text;
      end = start;
    }
    const lines = text.split('\n').filter((line) => line !== '');
    return lines.slice(-count);
  } finally {
    closeSync(fd);
  }
}

/** Path of a worker's current log file. */
export function logFileOf(stateDir: string, worker: string): string {
  return workerLogPath(stateDir, worker);
}

// Splits a byte stream into text lines as they arrive, for worker output capture.
import type { Readable } from 'node:stream';

/**
 * Longest line kept whole. A worker that prints megabytes without a newline would otherwise grow
 * the daemon's memory without bound; longer lines are cut into pieces of this length.
 */
export const MAX_LINE_LENGTH = 64 * 1024;

/**
 * Calls `onLine` for every line of `stream` (without its `\n` or `\r\n`), including a last line
 * that has no newline; resolves once the stream has closed and every line has been handed over.
 */
export function forEachLine(stream: Readable, onLine: (line: string) => void): Promise<void> {
  let pending = '';
  const emit = (line: string) => onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  // Decoding in the stream keeps a character split across two chunks whole.
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      emit(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
    while (pending.length > MAX_LINE_LENGTH) {
      emit(pending.slice(0, MAX_LINE_LENGTH));
      pending = pending.slice(MAX_LINE_LENGTH);
    }
  });
  return new Promise((resolve) => {
    stream.once('close', () => {
      if (pending !== '') emit(pending);
      pending = '';
      resolve();
    });
  });
}

// A captured worker log line (pino JSON, as the daemon writes it) as readable text.
import type { Paint } from './format-colour.js';
import { formatLocalTime } from './format-values.js';

interface StoredLine {
  time?: unknown;
  worker?: unknown;
  instance?: unknown;
  stream?: unknown;
  msg?: unknown;
}

/** The stored line's time in epoch ms, for merging files; 0 when it has none. */
export function timeOfLogLine(json: string): number {
  try {
    const { time } = JSON.parse(json) as StoredLine;
    return typeof time === 'number' ? time : 0;
  } catch {
    return 0;
  }
}

/** `14:00:01.123  web#0  stderr | the line`; a line that is not ours is shown as it is. */
export function renderLogLine(json: string, paint: Paint): string {
  let stored: StoredLine;
  try {
    stored = JSON.parse(json) as StoredLine;
  } catch {
    return `${json}\n`;
  }
  const time = typeof stored.time === 'number' ? new Date(stored.time).toISOString() : undefined;
  const when = time ? paint('dim', formatLocalTime(time, true)) : '-';
  const who = paint('bold', `${String(stored.worker)}#${String(stored.instance)}`);
  const isErr = stored.stream === 'stderr';
  const stream = isErr ? paint('yellow', 'stderr') : paint('dim', 'stdout');
  return `${when}  ${who}  ${stream} | ${String(stored.msg)}\n`;
}

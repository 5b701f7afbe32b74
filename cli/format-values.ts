// Small formatters shared by the history table and the shutdown timeline.

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/** `2024-05-01 14:00:00` in the local time zone; with `withMs`, `.123` after the seconds. */
export function formatLocalTime(iso: string, withMs = false): string {
  const date = new Date(iso);
  const day = `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())}`;
  const time = `${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}`;
  const ms = withMs ? `.${String(date.getMilliseconds()).padStart(3, '0')}` : '';
  return `${day} ${time}${ms}`;
}

/** `340 ms`, `4996 ms`, `12.41 s`, `2 min 5 s`; `-` when unknown. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '-';
  // Milliseconds up to 10 s: graces and drains are configured and compared at that precision.
  if (ms < 10_000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[\w./:@#-]+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

/** An event's detail as `key=value` pairs; strings with spaces are quoted, objects are JSON. */
export function formatDetail(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([key, value]) => `${key}=${formatValue(value)}`)
    .join(' ');
}

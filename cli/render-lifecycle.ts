// Worker lifecycle events from the history (spawn, ready, exit, crash, ...) as lines of text.
import type { LifecycleEntry } from '../history/index.js';
import type { Paint } from './format-colour.js';
import { formatDetail, formatLocalTime } from './format-values.js';

const KIND_STYLES: Record<string, 'green' | 'red' | 'yellow'> = {
  ready: 'green',
  crash: 'red',
  'crash-loop': 'red',
  restart: 'yellow',
  reload: 'yellow',
};

/** `2024-05-01 14:00:00.123  web#0  ready  pid 4242  key=value`, oldest first. */
export function renderLifecycle(entries: LifecycleEntry[], paint: Paint): string {
  return [...entries]
    .reverse()
    .map((entry) => {
      const style = KIND_STYLES[entry.kind];
      const kind = style ? paint(style, entry.kind) : entry.kind;
      const pid = entry.pid === null ? '' : `pid ${entry.pid}`;
      const detail = formatDetail(entry.detail);
      const who = paint('bold', `${entry.worker}#${entry.instance}`);
      const time = paint('dim', formatLocalTime(entry.at, true));
      return [time, who, kind, pid, detail].filter(Boolean).join('  ');
    })
    .map((line) => `${line}\n`)
    .join('');
}

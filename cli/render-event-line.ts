// One control event as one line of text, for `supervisor events --follow` and a `stop` that is
// not on a terminal.
import type { ControlEvent } from '../daemon/index.js';
import type { Paint } from './format-colour.js';
import { outcomeCell } from './format-outcome.js';
import { formatDuration, formatLocalTime } from './format-values.js';

/** `12.40 s left`, `past the deadline`; empty when there is no deadline. */
export function formatTimeLeft(deadline: number | null, now: number): string {
  if (deadline === null) return '';
  const left = deadline - now;
  return left > 0 ? `${formatDuration(left)} left` : 'past the deadline';
}

function describe(event: ControlEvent, paint: Paint): string {
  switch (event.type) {
    case 'shutdown-started':
      return `shutdown started (${event.trigger})`;
    case 'shutdown-finished': {
      const { text, style } = outcomeCell(event.outcome);
      return `shutdown finished: ${style ? paint(style, text) : text}`;
    }
    case 'worker-state': {
      const left = formatTimeLeft(event.drainDeadline, event.at);
      return [`${event.from} -> ${event.to}`, `(${event.why})`, left].filter(Boolean).join('  ');
    }
    case 'drain-progress': {
      const inflight = event.inflight === null ? '' : `in flight ${event.inflight}`;
      const left = formatTimeLeft(event.drainDeadline, event.at);
      return [event.phase, inflight, left].filter(Boolean).join('  ');
    }
    case 'log':
      return `${event.stream}  ${event.line}`;
  }
}

/** `14:00:01.123  web#0  http-closed  in flight 3  29.90 s left`. */
export function renderEventLine(event: ControlEvent, paint: Paint): string {
  const time = paint('dim', formatLocalTime(new Date(event.at).toISOString(), true));
  const who = 'worker' in event ? `  ${paint('bold', `${event.worker}#${event.instance}`)}` : '';
  return `${time}${who}  ${describe(event, paint)}\n`;
}

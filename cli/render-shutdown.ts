// `supervisor show`: a shutdown's header, its timeline chart, optionally every recorded event,
// and what was cut off.
import type { ShutdownDetail } from '../history/index.js';
import type { Paint } from './format-colour.js';
import { outcomeCell } from './format-outcome.js';
import { formatDuration, formatLocalTime } from './format-values.js';
import { listCutOffs } from './render-cut-off.js';
import { paintCell, renderEvents } from './render-events.js';
import type { Glyphs } from './timeline/glyphs.js';
import { renderChart } from './timeline/render-chart.js';
import { wrapText } from './wrap-units.js';

export interface ShowRenderOptions {
  paint: Paint;
  glyphs: Glyphs;
  /** The widest a line may be (event lines aside, see render-events.ts). */
  width: number;
  /** Adds the list of every recorded event under the chart. */
  withEvents: boolean;
}

function renderHeader(shutdown: ShutdownDetail, paint: Paint): string[] {
  return [
    paint('bold', `Shutdown ${shutdown.id}`),
    `  reason    ${shutdown.reason}`,
    `  trigger   ${shutdown.trigger}`,
    `  started   ${formatLocalTime(shutdown.startedAt, true)}`,
    `  host      ${shutdown.host} (supervisor pid ${shutdown.supervisorPid})`,
    `  duration  ${formatDuration(shutdown.durationMs)}`,
    `  outcome   ${paintCell(outcomeCell(shutdown.outcome), paint)}`,
  ];
}

/** What was cut off, worker by worker; long lines wrap under their own text. */
function renderCutOffs(shutdown: ShutdownDetail, options: ShowRenderOptions): string[] {
  const cutOffs = listCutOffs(shutdown.workers);
  if (cutOffs.length === 0) return ['', 'Nothing was cut off.'];
  const labelWidth = Math.max(...cutOffs.map((cutOff) => cutOff.worker.length));
  const hanging = ' '.repeat(2 + labelWidth + 2);
  const lines = cutOffs.flatMap((cutOff) =>
    wrapText(cutOff.what, options.width - hanging.length).map((text, index) =>
      index === 0 ? `  ${cutOff.worker.padEnd(labelWidth)}  ${text}` : `${hanging}${text}`,
    ),
  );
  return ['', options.paint('bold', 'Cut off'), ...lines];
}

/** The whole `show` output, ending with a newline. */
export function renderShutdown(shutdown: ShutdownDetail, options: ShowRenderOptions): string {
  const { paint } = options;
  const events = options.withEvents
    ? ['', paint('bold', 'Events'), ...renderEvents(shutdown, paint)]
    : [];
  const lines = [
    ...renderHeader(shutdown, paint),
    '',
    paint('bold', 'Timeline'),
    ...renderChart(shutdown, options),
    ...events,
    ...renderCutOffs(shutdown, options),
  ];
  return lines.join('\n') + '\n';
}

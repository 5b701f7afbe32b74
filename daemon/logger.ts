// The daemon's logger: one JSON line per event, or readable lines when a person is watching.
import { createRequire } from 'node:module';

import { pino, type Logger, type LevelWithSilent } from 'pino';

// pino-pretty (and its dependencies, ~1.5 MB) is required only when a person is watching: a
// daemon writing JSON to a file or a pipe never loads it.
const require = createRequire(import.meta.url);

export type { Logger };

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** Pretty-print for humans; defaults to whether stderr is a terminal. */
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const wantPretty = options.pretty ?? Boolean(process.stderr.isTTY);
  // Synchronous writes: the daemon's last lines must survive its own process.exit().
  const destination = options.destination ?? pino.destination({ dest: 2, sync: true });
  // The supervisor's pid under its own name: lines about a worker carry the worker's as `pid`.
  const base = { supervisorPid: process.pid };
  if (!wantPretty) return pino({ level, base }, destination);
  const pretty = require('pino-pretty') as typeof import('pino-pretty');
  const stream = pretty({
    destination: options.destination ?? 2,
    colorize: !process.env.NO_COLOR,
    translateTime: 'HH:MM:ss.l',
    ignore: 'supervisorPid',
    sync: true,
  });
  return pino({ level, base }, stream);
}

// How the writer reports its failures: each distinct code is logged once, and once more when
// writes work again, so a broken disk under a burst of events costs a few lines, not a flood.
import type { Logger } from 'pino';

/** What a failure means for the writer: retry later, skip one write, or reopen the file. */
export type FailureKind = 'busy' | 'rejected-write' | 'unusable';

// Failures of the file or the connection, after which the connection is closed and reopened.
// Anything not listed is a problem with one write (a constraint, a type), which is skipped so
// that it can never block the writes queued behind it.
const UNUSABLE_PREFIXES = [
  'SQLITE_IOERR',
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
  'SQLITE_READONLY',
  'SQLITE_FULL',
  'SQLITE_CANTOPEN',
  'SQLITE_PERM',
  'SQLITE_NOMEM',
  'SQLITE_PROTOCOL',
  'SQLITE_AUTH',
  'ERR_HISTORY_',
];

/** The error's string code, or a generic one for errors without. */
export function errorCode(error: unknown): string {
  const code: unknown = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'ERR_HISTORY_WRITE';
}

/** Classifies a failure by its code. */
export function failureKind(error: unknown): FailureKind {
  const code = errorCode(error);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  if (UNUSABLE_PREFIXES.some((prefix) => code.startsWith(prefix))) return 'unusable';
  return 'rejected-write';
}

/** Logs each distinct failure code once until the next recovery. */
export class FailureLog {
  readonly #logger: Logger;
  readonly #seen = new Set<string>();

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  report(error: unknown, msg = 'history write failed'): void {
    const code = errorCode(error);
    if (this.#seen.has(code)) return;
    this.#seen.add(code);
    this.#logger.error({ err: error, code }, msg);
  }

  /** Called after a write succeeded: logs the recovery if anything failed before it. */
  recovered(): void {
    if (this.#seen.size === 0) return;
    this.#logger.info({ codes: [...this.#seen] }, 'history write recovered');
    this.#seen.clear();
  }
}

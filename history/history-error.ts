// The history room's error. Readers throw it; the writer never throws, it logs these instead.

/** Stable codes of HistoryError; the CLI and tests match on these, never on the message. */
export type HistoryErrorCode =
  | 'ERR_HISTORY_MISSING'
  | 'ERR_HISTORY_UNREADABLE'
  | 'ERR_HISTORY_TOO_NEW'
  | 'ERR_HISTORY_OUTDATED'
  | 'ERR_HISTORY_MOVED'
  | 'ERR_HISTORY_QUEUE_FULL'
  | 'ERR_HISTORY_UNSAVED';

/** A history database that cannot be opened, read or written, with the reason as a code. */
export class HistoryError extends Error {
  readonly code: HistoryErrorCode;
  readonly path: string;

  constructor(message: string, code: HistoryErrorCode, path: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'HistoryError';
    this.code = code;
    this.path = path;
  }
}

// Opens the history read-only for one command, and turns what can go wrong into CliErrors.
import { HistoryError } from '../history/history-error.js';
import { openHistoryReader, type HistoryReader } from '../history/history-reader.js';
import { CliError, EXIT_FAILED } from './cli-error.js';

function openReader(stateDir: string): HistoryReader {
  try {
    return openHistoryReader(stateDir);
  } catch (error: unknown) {
    if (!(error instanceof HistoryError)) throw error;
    throw new CliError(error.message, EXIT_FAILED, error.code, { cause: error });
  }
}

/** Runs `read` on the state directory's history and closes it; failures exit 1. */
export function withHistoryReader<T>(stateDir: string, read: (reader: HistoryReader) => T): T {
  const reader = openReader(stateDir);
  try {
    return read(reader);
  } catch (error: unknown) {
    if (error instanceof CliError) throw error;
    const message = `cannot read history at ${reader.path}: ${(error as Error).message}`;
    throw new CliError(message, EXIT_FAILED, 'ERR_HISTORY_UNREADABLE', { cause: error });
  } finally {
    reader.close();
  }
}

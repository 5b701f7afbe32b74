// Where the history lives inside a state directory.
import { join } from 'node:path';

const HISTORY_FILE = 'history.db';

/** The history database's path for a state directory. */
export function historyPath(stateDir: string): string {
  return join(stateDir, HISTORY_FILE);
}

// Where worker logs live: one file per worker (every instance) under <stateDir>/logs/.
import { join } from 'node:path';

export function logsDir(stateDir: string): string {
  return join(stateDir, 'logs');
}

export function workerLogPath(stateDir: string, worker: string): string {
  return join(logsDir(stateDir), `${worker}.log`);
}

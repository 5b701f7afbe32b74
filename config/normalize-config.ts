// The canonical form of a validated config: absolute paths, every field present.
import path from 'node:path';

import type { ValidatedConfig, ValidatedWorker } from './schema-validators.js';
import type { SupervisorConfig, WorkerConfig } from './types.js';

/** The config that `file` (absolute) holds, with each path resolved. */
export function normalizeConfig(config: ValidatedConfig, file: string): SupervisorConfig {
  const folder = path.dirname(file);
  return {
    file,
    stateDir: normalizeStateDir(config.stateDir, file),
    logLevel: config.logLevel,
    workers: config.workers.map((worker) =>
      normalizeWorker(worker, folder, config.monitorIntervalMs),
    ),
  };
}

/** The absolute state directory: a relative one is relative to the config file's folder. */
export function normalizeStateDir(stateDir: string, file: string): string {
  return path.resolve(path.dirname(file), stateDir);
}

// A relative cwd is relative to the config file's folder, a relative script to the cwd. A
// worker without its own monitorIntervalMs takes the top-level one.
function normalizeWorker(
  worker: ValidatedWorker,
  folder: string,
  monitorIntervalMs: number,
): WorkerConfig {
  const cwd = path.resolve(folder, worker.cwd ?? '.');
  return {
    ...worker,
    cwd,
    script: path.resolve(cwd, worker.script),
    monitorIntervalMs: worker.monitorIntervalMs ?? monitorIntervalMs,
  };
}

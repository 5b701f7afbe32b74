// The real supervisor running one worker on a free port, in a fresh directory: what tests that
// stop a worker and then read its history start from.
import { join } from 'node:path';

import { getFreePort } from './http-client.js';
import { SupervisorProcess } from './supervisor-process.js';
import { makeTempDir, writeConfig } from './temp-dir.js';

export interface OneWorker {
  name: string;
  script: string;
  env?: Record<string, string>;
  graceMs: number;
}

export interface OneWorkerRun {
  /** The port the worker was given in its PORT variable. */
  port: number;
  supervisor: SupervisorProcess;
  stateDir: string;
}

/** Starts `supervisor start` on a config of this one worker and waits until it is ready. */
export async function startOneWorker(worker: OneWorker): Promise<OneWorkerRun> {
  const dir = makeTempDir();
  const port = await getFreePort();
  const env = { ...worker.env, PORT: String(port) };
  const config = writeConfig(dir, { workers: [{ ...worker, env }] });
  const supervisor = SupervisorProcess.start(config);
  await supervisor.waitReady(1);
  return { port, supervisor, stateDir: join(dir, '.supervisor') };
}

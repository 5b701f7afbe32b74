// Runs one of examples/ under the real supervisor, stops it with requests in flight, and
// returns what the clients got and what the history says.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { expect } from 'chai';

import type { ShutdownDetail, ShutdownSummary } from '../../history/index.js';
import type { DrainReport } from '../../worker-sdk/protocol.js';
import { historyJson, showJson } from '../support/history-cli.js';
import { httpGet, type HttpResult } from '../support/http-client.js';
import { startOneWorker, type OneWorkerRun } from '../support/one-worker-supervisor.js';
import { repoRoot } from '../support/paths.js';

export interface ExampleStop {
  exitCode: number | null;
  summary: ShutdownSummary;
  detail: ShutdownDetail;
  report: DrainReport;
  /** The worker's timeline events, by kind, in order. */
  kinds: string[];
}

/** Starts `examples/<script>` as worker `name`, whose slow route takes `slowMs`. */
export function startExample(name: string, script: string, slowMs: number) {
  const env = { SLOW_MS: String(slowMs) };
  return startOneWorker({ name, script: join(repoRoot, 'examples', script), env, graceMs: 5000 });
}

/** Sends `count` requests to `path`, and resolves once the server has them all in hand. */
export async function sendSlowRequests(run: OneWorkerRun, path: string, count: number) {
  const responses: Promise<HttpResult>[] = [];
  for (let i = 0; i < count; i += 1) responses.push(httpGet(run.port, path));
  await sleep(300);
  return responses;
}

/** Stops the supervisor (SIGTERM) and reads the shutdown back from the history. */
export async function stopExample(run: OneWorkerRun): Promise<ExampleStop> {
  run.supervisor.signal('SIGTERM');
  const exit = await run.supervisor.exited;
  const history = historyJson(run.stateDir);
  expect(history).to.have.length(1);
  const summary = history[0]!;
  const detail = showJson(run.stateDir, summary.id);
  const worker = detail.workers[0]!;
  const kinds = detail.events.filter((e) => e.worker === worker.name).map((e) => e.kind);
  return {
    exitCode: exit.code,
    summary,
    detail,
    report: worker.report as unknown as DrainReport,
    kinds,
  };
}

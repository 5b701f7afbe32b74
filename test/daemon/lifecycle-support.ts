// Helpers of the lifecycle tests: a supervisor on a temporary config, and its lifecycle events
// read the way an operator would, through `supervisor history --events --json`.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { expect } from 'chai';

import type { LifecycleEntry } from '../../history/index.js';
import { runCli } from '../support/run-cli.js';
import { SupervisorProcess } from '../support/supervisor-process.js';
import { makeTempDir, writeConfig } from '../support/temp-dir.js';

export interface Started {
  dir: string;
  stateDir: string;
  supervisor: SupervisorProcess;
}

/** Writes the config into a fresh folder and starts a supervisor on it. */
export function startSupervisor(config: object): Started {
  const dir = makeTempDir('gs-lifecycle-');
  const file = writeConfig(dir, config);
  return { dir, stateDir: join(dir, '.supervisor'), supervisor: SupervisorProcess.start(file) };
}

/** Every lifecycle event so far, oldest first. */
export function lifecycleEvents(stateDir: string, worker?: string): LifecycleEntry[] {
  const filter = worker === undefined ? [] : ['--worker', worker];
  const args = ['history', '--events', '--limit', '1000', '--json', ...filter];
  const result = runCli([...args, '--state-dir', stateDir]);
  expect(result.status, result.stderr).to.equal(0);
  return (JSON.parse(result.stdout) as LifecycleEntry[]).reverse();
}

/** Epoch ms of the first event of a kind for a worker. */
export function timeOf(events: LifecycleEntry[], worker: string, kind: string): number {
  const event = events.find((candidate) => candidate.worker === worker && candidate.kind === kind);
  expect(event, `${kind} of ${worker}`).to.not.equal(undefined);
  return Date.parse(event!.at);
}

/** Polls until `check` returns true; fails after `timeoutMs`. */
export async function waitUntil(check: () => boolean, timeoutMs: number, what: string) {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

/** Fails unless `expected` appears within `actual` in the same order (other items between). */
export function expectInOrder(actual: string[], expected: string[]): void {
  let position = 0;
  for (const item of actual) if (item === expected[position]) position += 1;
  expect(position, `${expected.join(', ')} in order within ${actual.join(', ')}`).to.equal(
    expected.length,
  );
}

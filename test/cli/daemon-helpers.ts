// Starting a detached supervisor for the CLI tests, and reaping it and its workers afterwards.
import { expect } from 'chai';

import type { StatusSnapshot } from '../../daemon/index.js';
import { reapLater } from '../support/reaper.js';
import { runCli, type CliResult } from '../support/run-cli.js';

/** `supervisor status --json` for a state directory; fails the test unless it exits 0. */
export function statusJson(stateDir: string): StatusSnapshot {
  const result = runCli(['status', '--state-dir', stateDir, '--json']);
  expect(result.status, result.stderr).to.equal(0);
  return JSON.parse(result.stdout) as StatusSnapshot;
}

/** Registers the daemon (a session leader) and every worker process for the reaper. */
export function reapDaemon(stateDir: string): StatusSnapshot | undefined {
  const result = runCli(['status', '--state-dir', stateDir, '--json']);
  if (result.status !== 0) return undefined;
  const snapshot = JSON.parse(result.stdout) as StatusSnapshot;
  reapLater(snapshot.supervisor.pid);
  for (const worker of snapshot.workers) reapLater(worker.pid ?? undefined);
  return snapshot;
}

/** `supervisor start <config> --detach`, with whatever it started handed to the reaper. */
export function startDetached(config: string, stateDir: string): CliResult {
  const result = runCli(['start', config, '--detach']);
  reapDaemon(stateDir);
  return result;
}

// Reads the history the way an operator would: through `supervisor history|show --json`.
import { expect } from 'chai';

import type { ShutdownDetail, ShutdownSummary } from '../../history/index.js';
import { runCli } from './run-cli.js';

export function historyJson(stateDir: string): ShutdownSummary[] {
  const result = runCli(['history', '--state-dir', stateDir, '--json']);
  expect(result.status, result.stderr).to.equal(0);
  return JSON.parse(result.stdout) as ShutdownSummary[];
}

export function showJson(stateDir: string, id: number): ShutdownDetail {
  const result = runCli(['show', String(id), '--state-dir', stateDir, '--json']);
  expect(result.status, result.stderr).to.equal(0);
  return JSON.parse(result.stdout) as ShutdownDetail;
}

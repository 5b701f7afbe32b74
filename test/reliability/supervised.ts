// What the reliability cases share: a real `supervisor start` over a config written to a fresh
// folder, the history it leaves, and the checks every case makes (nothing alive, no stack trace).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { openHistoryReader, type LifecycleEntry } from '../../history/index.js';
import { cliPath } from '../support/paths.js';
import { isAlive } from '../support/reaper.js';
import type { CliResult } from '../support/run-cli.js';
import { SupervisorProcess, type LogLine } from '../support/supervisor-process.js';
import { makeTempDir, writeConfig } from '../support/temp-dir.js';

export interface Supervised {
  supervisor: SupervisorProcess;
  dir: string;
  config: string;
  stateDir: string;
}

/** Writes a config of these workers to a fresh folder and starts the real supervisor on it. */
export function startSupervised(
  workers: object[],
  dir = makeTempDir('gs-rel-'),
  env: NodeJS.ProcessEnv = {},
): Supervised {
  const config = writeConfig(dir, { workers });
  const supervisor = SupervisorProcess.start(config, env);
  return { supervisor, dir, config, stateDir: join(dir, '.supervisor') };
}

/** Runs the real `supervisor` binary without blocking, so that several can run at once. */
export async function runCliAsync(args: string[], cwd = process.cwd()): Promise<CliResult> {
  const child = spawn(process.execPath, [cliPath, ...args], { cwd, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [status] = (await once(child, 'exit')) as [number | null];
  return { status, stdout, stderr };
}

/** The daemon's log lines with this message. */
export function logsWith(supervisor: SupervisorProcess, msg: string): LogLine[] {
  return supervisor.logs.filter((line) => line.msg === msg);
}

/** Waits until none of the processes is alive, or the time is up; returns those still alive. */
export async function waitGone(pids: readonly number[], timeoutMs: number): Promise<number[]> {
  const until = Date.now() + timeoutMs;
  let alive = pids.filter(isAlive);
  while (alive.length > 0 && Date.now() < until) {
    await sleep(20);
    alive = alive.filter(isAlive);
  }
  return alive;
}

/** Polls until the condition holds; rejects after the timeout. */
export async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** Waits for the condition; fails at once, with the daemon's last words, if the daemon dies. */
export async function waitWhileAlive(
  supervisor: SupervisorProcess,
  condition: () => boolean,
  timeoutMs = 10_000,
): Promise<void> {
  let waiting = true;
  const died = supervisor.exited.then((exit) => {
    if (!waiting) return;
    throw new Error(`the supervisor died (exit ${String(exit.code)}):\n${exit.stderr.slice(-800)}`);
  });
  try {
    await Promise.race([waitFor(condition, timeoutMs), died]);
  } finally {
    waiting = false;
  }
}

/** The worker lifecycle events of a state directory's history, oldest first. */
export function lifecycleOf(stateDir: string): LifecycleEntry[] {
  const reader = openHistoryReader(stateDir);
  try {
    return reader.listLifecycle({ limit: 10_000 }).reverse();
  } finally {
    reader.close();
  }
}

/** True when the text holds a JavaScript stack frame. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+(:\d+:\d+\)?|native\)?)$/m.test(text);
}

/** A process's resident memory, from /proc, in MB to one decimal. */
export function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1]);
  return Math.round(rssKb / 102.4) / 10;
}

/** Prints a case's counts on one line, as the suite's figures (docs/reliability.md). */
export function printCounts(label: string, counts: object): void {
  console.log(`      ${label}: ${JSON.stringify(counts)}`);
}

/** Counts the values, e.g. outcomes: { drained: 3, killed: 1 }. */
export function tally(values: readonly unknown[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[String(value)] = (counts[String(value)] ?? 0) + 1;
  return counts;
}

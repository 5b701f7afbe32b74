// Fixture workers run without the daemon: with plain `node` (standalone), or forked with an IPC
// channel and the supervisor's environment, as the daemon forks them, so a test can send the
// drain itself and read every message the worker sends back.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

import type { DrainMessage, DrainReport, WorkerMessage } from '../../worker-sdk/protocol.js';
import { getFreePort, waitForHttp } from './http-client.js';
import { fixtureWorker } from './paths.js';
import { reapLater } from './reaper.js';

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface SupervisedWorker {
  child: ChildProcess;
  messages: WorkerMessage[];
  /** What the worker wrote to stdout so far. */
  output(): string;
  finished: Promise<Finished>;
}

function collect(child: ChildProcess) {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const finished: Promise<Finished> = once(child, 'exit').then(([code]) => ({
    code: code as number | null,
    stdout,
    stderr,
  }));
  return { finished, output: () => stdout };
}

/** Starts a fixture with plain `node`, as if no supervisor existed. */
export function runStandalone(name: string, env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [fixtureWorker(name)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  reapLater(child.pid);
  return { child, finished: collect(child).finished };
}

/** Forks a fixture with an IPC channel and the supervisor's environment, as the daemon does. */
export function runSupervised(name: string, env: NodeJS.ProcessEnv): SupervisedWorker {
  const child = fork(fixtureWorker(name), [], {
    env: { ...process.env, SUPERVISOR_WORKER: name, SUPERVISOR_INSTANCE: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'json',
  });
  reapLater(child.pid);
  const messages: WorkerMessage[] = [];
  child.on('message', (message) => messages.push(message as WorkerMessage));
  return { child, messages, ...collect(child) };
}

export async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(10);
  }
}

export function drainMessage(graceMs = 5000): DrainMessage {
  const deadline = Date.now() + graceMs;
  return { supervisor: 1, type: 'drain', shutdownId: '7', reason: 'shutdown', deadline, graceMs };
}

/** Waits for the worker's ready message. */
export function waitReady(worker: SupervisedWorker, timeoutMs = 10_000): Promise<void> {
  return waitFor(() => worker.messages.some((m) => m.type === 'ready'), timeoutMs);
}

/** Sends a drain with `graceMs` and resolves with the worker's report. */
export async function drainAndReport(
  worker: SupervisedWorker,
  graceMs: number,
): Promise<DrainReport> {
  worker.child.send(drainMessage(graceMs));
  let report: DrainReport | undefined;
  await waitFor(() => {
    const drained = worker.messages.find((m) => m.type === 'drained');
    report = drained?.type === 'drained' ? drained.report : undefined;
    return report !== undefined;
  }, graceMs + 5000);
  return report!;
}

/** Forks a fixture that serves HTTP on PORT (a free port) and waits until it answers. */
export async function runSupervisedHttp(name: string, env: NodeJS.ProcessEnv) {
  const port = await getFreePort();
  const worker = runSupervised(name, { ...env, PORT: String(port) });
  await waitForHttp(port);
  return { ...worker, port };
}

/** Reads a value until `check` accepts it or `timeoutMs` passes; returns the last one read. */
export async function readUntil<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  { timeoutMs = 3000, intervalMs = 20 } = {},
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value) && Date.now() < until) {
    await sleep(intervalMs);
    value = await read();
  }
  return value;
}

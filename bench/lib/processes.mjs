// Processes as the benchmarks see them: alive or gone, their memory and CPU, and commands run
// to completion.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

import { now, sleep } from './timing.mjs';

/**
 * True while a process with this pid (or group, when negative) exists and has not exited. A
 * zombie counts as gone: this machine's init reaps orphans (PM2's daemon) only every few
 * seconds, and `process.kill(pid, 0)` succeeds on a zombie.
 */
export function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return error.code === 'EPERM';
  }
  return pid < 0 || !isZombie(pid);
}

function isZombie(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] === 'Z';
  } catch {
    return true; // gone between the two checks
  }
}

/** Sends a signal if the target exists; never throws. */
export function signal(pid, name) {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

/**
 * Polls every `intervalMs` until every pid is gone; returns when the first and the last went,
 * in ms after `origin` (a performance.now() value).
 */
export async function waitPidsGone(pids, origin, { intervalMs = 2, timeoutMs = 60_000 } = {}) {
  const alive = new Set(pids);
  let first = null;
  while (alive.size > 0) {
    for (const pid of alive) {
      if (isAlive(pid)) continue;
      alive.delete(pid);
      first ??= now() - origin;
    }
    if (alive.size === 0) break;
    if (now() - origin > timeoutMs) throw new Error(`${alive.size} pids still alive`);
    await sleep(intervalMs);
  }
  return { firstMs: first ?? 0, allMs: now() - origin };
}

/** Runs a command to its end; resolves with its code, output and wall time (never rejects). */
export function run(command, args, options = {}) {
  const started = now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => (stderr += String(error)));
    child.on('close', (code, signalName) => {
      resolve({ code, signal: signalName, stdout, stderr, ms: now() - started });
    });
  });
}

/** VmRSS of a process in MB, or NaN when it is gone. */
export function rssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return kb / 1024;
  } catch {
    return NaN;
  }
}

/** CPU time (user + system) of a process in clock ticks (1/100 s on Linux), or NaN. */
export function cpuTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  } catch {
    return NaN;
  }
}

export const CLOCK_TICKS_PER_SECOND = 100;

// Runs the real `supervisor` binary as a child process and reads its JSON log lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

import { cliPath } from './paths.js';
import { reapLater } from './reaper.js';

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

type LogWaiter = { match: (line: LogLine) => boolean; resolve: (line: LogLine) => void };

/** A running `supervisor start`, with its log lines collected as they arrive. */
export class SupervisorProcess {
  readonly child: ChildProcess;
  readonly logs: LogLine[] = [];
  readonly exited: Promise<CliResult>;
  #stdout = '';
  #stderr = '';
  #waiters: LogWaiter[] = [];

  /** `main`: the entry point to run; default the bundled CLI that the package installs. */
  constructor(args: string[], env: NodeJS.ProcessEnv = {}, main = cliPath) {
    this.child = spawn(process.execPath, [main, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    reapLater(this.child.pid);
    this.child.stdout?.on('data', (chunk: Buffer) => (this.#stdout += chunk.toString()));
    const lines = createInterface({ input: this.child.stderr! });
    lines.on('line', (text) => this.#onLine(text));
    this.exited = once(this.child, 'exit').then(([code, signal]) => ({
      code: code as number | null,
      signal: signal as NodeJS.Signals | null,
      stdout: this.#stdout,
      stderr: this.#stderr,
    }));
  }

  static start(configFile: string, env: NodeJS.ProcessEnv = {}, main = cliPath): SupervisorProcess {
    return new SupervisorProcess(['start', configFile], env, main);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Pids of the worker processes this supervisor spawned so far, by `name#instance`. */
  workerPids(): Map<string, number> {
    const pids = new Map<string, number>();
    for (const line of this.logs) {
      if (line.msg === 'worker spawned') {
        pids.set(`${String(line.worker)}#${String(line.instance)}`, line.pid as number);
      }
    }
    return pids;
  }

  /** Resolves with the first log line (past or future) that matches, or rejects on timeout. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs = 10_000): Promise<LogLine> {
    const seen = this.logs.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((waiter) => waiter.resolve !== resolve);
        reject(new Error(`no matching log line within ${timeoutMs} ms:\n${this.#stderr}`));
      }, timeoutMs);
      this.#waiters.push({
        match,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
    });
  }

  /** Waits until `count` instances have logged "worker ready". */
  async waitReady(count: number, timeoutMs = 10_000): Promise<void> {
    const ready = () => this.logs.filter((line) => line.msg === 'worker ready').length >= count;
    await this.waitForLog(() => ready(), timeoutMs);
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  #onLine(text: string): void {
    this.#stderr += `${text}\n`;
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      return; // not a log line (a worker's own stderr)
    }
    this.logs.push(line);
    if (line.msg === 'worker spawned') reapLater(line.pid as number);
    for (const waiter of this.#waiters.filter((candidate) => candidate.match(line))) {
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve(line);
    }
  }
}

// graceful-supervisor as the benchmarks drive it: a config file in a temporary directory,
// `supervisor start` in the foreground with its JSON log lines read from stderr, and every
// process it started killed at the end, even when a run fails.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { onExit } from './cleanup.mjs';
import { SUPERVISOR_CLI, workerScript } from './paths.mjs';
import { isAlive, run, signal } from './processes.mjs';
import { now, waitFor } from './timing.mjs';

/** A feature of ours that this build does not have yet: reported, never a failed run. */
export class FeatureMissing extends Error {}

// What this build says when a command or field is not there yet: usage and config errors.
const EXIT_USAGE = 2;
const EXIT_NOT_RUNNING = 3;

/** One worker entry; `graceful: 'best'` gives it the same grace PM2 gets as kill_timeout. */
function ourWorker(options) {
  const { name = 'web', instances = 1, graceful, graceMs, env, kind, mode } = options;
  const worker = { name, script: workerScript(kind), instances, env };
  if (graceful === 'best') worker.graceMs = graceMs;
  if (mode === 'cluster') worker.mode = 'cluster';
  return worker;
}

export class OurSupervisor {
  readyLines = [];
  #stderrTail = [];
  #workerPids = new Set();
  #unregister;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'bench-ours-'));
    this.configFile = join(this.dir, 'app.config.json');
    this.stateDir = join(this.dir, 'state');
    this.#unregister = onExit(() => this.#killSync());
  }

  writeConfig(workers) {
    const config = { stateDir: this.stateDir, workers };
    writeFileSync(this.configFile, JSON.stringify(config, null, 2));
    return this.configFile;
  }

  /**
   * Starts one worker entry (see ourWorker) and waits until every instance is ready, as the
   * supervisor logs it and as the workers write it to `ready`; resolves with their entries.
   */
  async startWorker(options, ready) {
    const env = { ...options.env, BENCH_READY_FILE: ready.path };
    this.writeConfig([ourWorker({ ...options, env })]);
    this.start();
    const count = options.instances ?? 1;
    await this.waitReady(count);
    const entries = await ready.waitCount(count);
    this.trackPids(entries.map((entry) => entry.pid));
    return entries;
  }

  /** `supervisor start <config>`; `exited` resolves with its code, signal and time. */
  start() {
    this.startedAt = now();
    const child = spawn(process.execPath, [SUPERVISOR_CLI, 'start', this.configFile], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    this.child = child;
    this.pid = child.pid;
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signalName) => resolve({ code, signal: signalName, at: now() }));
    });
    let pending = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop();
      for (const line of lines) this.#onLogLine(line);
    });
    return this;
  }

  /** Resolves once `count` "worker ready" lines were logged; FeatureMissing on a usage exit. */
  async waitReady(count, timeoutMs = 60_000) {
    let settled = false;
    const early = this.exited.then((exit) => {
      if (!settled) throw this.#exitError('supervisor start', exit.code ?? exit.signal);
    });
    const ready = waitFor(() => settled || this.readyLines.length >= count, {
      timeoutMs,
      intervalMs: 5,
      what: `${count} "worker ready" lines`,
    });
    try {
      await Promise.race([ready, early]);
    } finally {
      settled = true; // ends the polling when the supervisor exited first
    }
  }

  /** `supervisor <args>` against this config, as a separate process. */
  cli(args) {
    return run(process.execPath, [SUPERVISOR_CLI, ...args], {
      env: { ...process.env, NO_COLOR: '1' },
    });
  }

  /** `supervisor stop --config <file>`; FeatureMissing when this build cannot do it yet. */
  async stopCommand() {
    const result = await this.cli(['stop', '--config', this.configFile]);
    if (result.code === EXIT_USAGE || result.code === EXIT_NOT_RUNNING) {
      const said = result.stderr.trim().split('\n')[0];
      throw new FeatureMissing(`\`supervisor stop\` exited ${result.code}: ${said}`);
    }
    return result;
  }

  trackPids(pids) {
    for (const pid of pids) this.#workerPids.add(pid);
  }

  /** Kills what is left (supervisor and worker groups) and removes the directory. */
  async close() {
    if (isAlive(this.pid)) {
      signal(this.pid, 'SIGKILL');
      await this.exited;
    }
    this.#killSync();
    this.#unregister();
  }

  #onLogLine(line) {
    this.#stderrTail = [...this.#stderrTail.slice(-19), line];
    if (!line.startsWith('{')) return;
    try {
      const entry = JSON.parse(line);
      if (entry.msg === 'worker ready') this.readyLines.push({ at: now(), time: entry.time });
    } catch {
      // Not a log line of ours: kept in the tail only.
    }
  }

  #exitError(what, code) {
    // The last line is the CLI's own message (a config error names the field).
    const last = this.#stderrTail.filter((line) => line.trim()).at(-1) ?? '';
    const said = last.trim().replaceAll(this.configFile, 'app.config.json');
    const message = `${what} exited ${code}: ${said}`;
    return code === EXIT_USAGE || code === EXIT_NOT_RUNNING
      ? new FeatureMissing(message)
      : new Error(message);
  }

  #killSync() {
    if (this.pid !== undefined) signal(this.pid, 'SIGKILL');
    for (const pid of this.#workerPids) {
      signal(-pid, 'SIGKILL');
      signal(pid, 'SIGKILL');
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Runs `body(supervisor)` with a fresh directory; everything is killed afterwards. */
export async function withSupervisor(body) {
  const supervisor = new OurSupervisor();
  try {
    return await body(supervisor);
  } finally {
    await supervisor.close();
  }
}

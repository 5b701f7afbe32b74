// PM2 7.0.4 as the benchmarks drive it: its CLI with PM2_HOME in a temporary directory, and a
// daemon that is always killed at the end (`pm2 kill`, then its pid), even when a run fails.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { onExit } from './cleanup.mjs';
import { PM2_BIN, workerScript } from './paths.mjs';
import { isAlive, run, signal } from './processes.mjs';

/**
 * One app entry. `graceful: 'best'` is PM2's best graceful configuration (the 'shutdown'
 * message, wait_ready, kill_timeout = our grace); 'default' keeps wait_ready but stops with
 * PM2's default SIGINT and 1600 ms kill_timeout.
 */
function pm2App(options) {
  const { name = 'web', instances = 1, mode = 'fork', graceful, graceMs, env, kind } = options;
  const app = {
    name,
    script: workerScript(kind),
    instances,
    exec_mode: mode,
    autorestart: false,
    wait_ready: true,
    listen_timeout: 8000,
    env,
  };
  if (graceful === 'best') {
    Object.assign(app, { shutdown_with_message: true, kill_timeout: graceMs });
    app.env = { ...env, SUPERVISOR_GRACE_MS: String(graceMs) };
  }
  return app;
}

export class Pm2 {
  #workerPids = new Set();
  #unregister;

  constructor() {
    this.home = mkdtempSync(join(tmpdir(), 'bench-pm2-'));
    this.#unregister = onExit(() => this.#killSync());
  }

  get env() {
    return { ...process.env, PM2_HOME: this.home };
  }

  /** Runs `pm2 <args>` as a user would: its CLI start-up is part of every figure. */
  cli(args) {
    return run(process.execPath, [PM2_BIN, ...args], { env: this.env });
  }

  async cliOk(args) {
    const result = await this.cli(args);
    if (result.code !== 0) {
      const tail = `${result.stdout}${result.stderr}`.trim().split('\n').slice(-5).join('\n');
      throw new Error(`pm2 ${args.join(' ')} exited ${result.code}: ${tail}`);
    }
    return result;
  }

  /** Writes an ecosystem file for these apps; returns its path. */
  ecosystem(apps) {
    const file = join(this.home, 'ecosystem.json');
    writeFileSync(file, JSON.stringify({ apps }, null, 2));
    return file;
  }

  /** `pm2 start <ecosystem>`, which returns once every instance sent 'ready'. */
  start(apps) {
    return this.cliOk(['start', this.ecosystem(apps)]);
  }

  /**
   * Starts one app (see pm2App) and waits until its instances wrote their ready lines;
   * resolves with those entries and the `pm2 start` CLI's wall time.
   */
  async startApp(options, ready) {
    const env = { ...options.env, BENCH_READY_FILE: ready.path };
    const { ms } = await this.start([pm2App({ ...options, env })]);
    const entries = await ready.waitCount(options.instances ?? 1);
    this.trackPids(entries.map((entry) => entry.pid));
    return { entries, cliMs: ms };
  }

  trackPids(pids) {
    for (const pid of pids) this.#workerPids.add(pid);
  }

  daemonPid() {
    try {
      return Number(readFileSync(join(this.home, 'pm2.pid'), 'utf8'));
    } catch {
      return undefined;
    }
  }

  /** `pm2 kill`, then SIGKILL for the daemon and any worker left, and the home removed. */
  async kill() {
    if (this.daemonPid() !== undefined && isAlive(this.daemonPid())) await this.cli(['kill']);
    this.#killSync({ skipCli: true });
    this.#unregister();
  }

  #killSync({ skipCli = false } = {}) {
    const daemon = this.daemonPid();
    if (!skipCli && daemon !== undefined && isAlive(daemon)) {
      spawnSync(process.execPath, [PM2_BIN, 'kill'], { env: this.env, timeout: 10_000 });
    }
    if (daemon !== undefined) signal(daemon, 'SIGKILL');
    for (const pid of this.#workerPids) signal(pid, 'SIGKILL');
    rmSync(this.home, { recursive: true, force: true });
  }
}

/** Runs `body(pm2)` with a fresh PM2 home and daemon, killed afterwards whatever happens. */
export async function withPm2(body) {
  const pm2 = new Pm2();
  try {
    return await body(pm2);
  } finally {
    await pm2.kill();
  }
}

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect } from 'chai';

import { getFreePort, httpGet } from '../support/http-client.js';
import { cliPath, fixtureWorker } from '../support/paths.js';
import { reapLater } from '../support/reaper.js';
import { runCli } from '../support/run-cli.js';
import { SupervisorProcess } from '../support/supervisor-process.js';
import { makeTempDir, writeConfig } from '../support/temp-dir.js';

// The issue asks for 1 s; the bound is wider because four engineers share two cores here.
const FOLLOW_LATENCY_BOUND_MS = 3_000;

interface Running {
  supervisor: SupervisorProcess;
  stateDir: string;
  port: number;
}

async function startPrinter(): Promise<Running> {
  const dir = makeTempDir();
  const port = await getFreePort();
  const config = writeConfig(dir, {
    stateDir: 'state',
    workers: [
      { name: 'web', script: fixtureWorker('prints-on-request'), env: { PORT: `${port}` } },
    ],
  });
  const supervisor = SupervisorProcess.start(config);
  await supervisor.waitReady(1);
  return { supervisor, stateDir: join(dir, 'state'), port };
}

/** A running `supervisor logs --follow`, with its output collected. */
function followLogs(args: string[]): { output: () => string; stop: () => void } {
  const child = spawn(process.execPath, [cliPath, 'logs', '--follow', ...args], {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  reapLater(child.pid);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { output: () => output, stop: () => child.kill('SIGINT') };
}

async function waitForOutput(read: () => string, text: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!read().includes(text)) {
    if (Date.now() > until) throw new Error(`no "${text}" within ${timeoutMs} ms in:\n${read()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('supervisor logs (real daemon)', function () {
  this.timeout(30_000);

  it('logs web --follow shows a line the worker printed after it started, within 1 s', async () => {
    const { stateDir, port } = await startPrinter();
    const follow = followLogs(['web', '--state-dir', stateDir]);
    // The tail comes first: once it is printed, the command is following the file.
    await waitForOutput(follow.output, 'listening', 10_000);

    const marker = `marker-${Date.now()}`;
    const printedAt = Date.now();
    await httpGet(port, `/print?line=${marker}`);
    await waitForOutput(follow.output, marker, FOLLOW_LATENCY_BOUND_MS);
    const latencyMs = Date.now() - printedAt;
    follow.stop();

    console.log(`      logs --follow latency: ${latencyMs} ms`);
    expect(follow.output()).to.match(new RegExp(`web#0 +stdout \\| ${marker}\\n`));
  });

  it('keeps every line printed just before an exit, even one without a newline', async () => {
    const { supervisor, stateDir, port } = await startPrinter();

    await httpGet(port, '/burst-exit?count=2000');
    await supervisor.waitForLog((line) => line.msg === 'worker exited unexpectedly');
    supervisor.signal('SIGTERM');
    const { stdout } = await supervisor.exited;

    const stored = readFileSync(join(stateDir, 'logs', 'web.log'), 'utf8')
      .trim()
      .split('\n');
    const lines = stored.map((line) => JSON.parse(line) as Record<string, unknown>);
    const burst = lines.filter((line) => String(line.msg).startsWith('burst line '));
    expect(burst).to.have.lengthOf(2000);
    expect(burst.at(-1)).to.include({ msg: 'burst line 2000', worker: 'web', instance: 0 });
    expect(lines.at(-1)).to.include({ msg: 'last words without a newline', stream: 'stdout' });
    // In the foreground, the daemon shows worker output on its own terminal too, prefixed.
    expect(stdout).to.include('web#0 | burst line 2000\n');
  });

  it('stores JSON lines with worker, instance, pid and stream; --json prints them', async () => {
    const { supervisor, stateDir, port } = await startPrinter();
    await httpGet(port, '/print?line=to-stderr&stream=stderr');
    const pid = supervisor.workerPids().get('web#0');

    const result = runCli(['logs', 'web', '--state-dir', stateDir, '--json', '--lines', '1']);

    expect(result.status, result.stderr).to.equal(0);
    const line = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(line).to.include({
      worker: 'web',
      instance: 0,
      pid,
      stream: 'stderr',
      msg: 'to-stderr',
    });
    expect(line.level).to.equal(30);
    expect(line.time).to.be.a('number');
  });

  it('logs for a worker that never printed exits 1, naming it', () => {
    const dir = makeTempDir();

    const result = runCli(['logs', 'web', '--state-dir', dir]);

    expect(result.status).to.equal(1);
    expect(result.stderr).to.match(/^supervisor: no log for worker web in /);
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

import { expect } from 'chai';
import { Pool } from 'undici';

import { historyJson, showJson } from '../support/history-cli.js';
import { getFreePort, waitForHttp } from '../support/http-client.js';
import { fixtureWorker } from '../support/paths.js';
import { lifecycleEvents, startSupervisor } from './lifecycle-support.js';

interface Sample {
  startedAt: number;
  ms: number;
  status: number;
  body: string;
}

/** `connections` loops of GET / on one keep-alive pool, until stop() is called. */
function steadyLoad(port: number, connections: number) {
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections, pipelining: 1 });
  const samples: Sample[] = [];
  const failures: string[] = [];
  let running = true;
  const loop = async () => {
    while (running) {
      const startedAt = performance.now();
      try {
        const response = await pool.request({ path: '/', method: 'GET' });
        const body = await response.body.text();
        samples.push({
          startedAt,
          ms: performance.now() - startedAt,
          status: response.statusCode,
          body,
        });
      } catch (error: unknown) {
        failures.push(String((error as NodeJS.ErrnoException).code ?? error));
      }
    }
  };
  const loops = Array.from({ length: connections }, loop);
  return {
    samples,
    failures,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      await pool.close();
    },
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function clusterConfig(port: number, env: Record<string, string> = {}) {
  return {
    workers: [
      {
        name: 'web',
        script: fixtureWorker('lc-http'),
        mode: 'cluster',
        instances: 4,
        env: { PORT: String(port), ...env },
        graceMs: 5000,
        readyTimeoutMs: 3000,
      },
    ],
  };
}

describe('cluster mode and rolling reload (real processes)', function () {
  this.timeout(60_000);

  it('reloads 4 instances on one port under 100 connections with no failed request', async () => {
    const port = await getFreePort();
    const { stateDir, supervisor } = startSupervisor(clusterConfig(port));
    await supervisor.waitReady(4);
    await waitForHttp(port);
    const oldPids = [...supervisor.workerPids().values()];

    const load = steadyLoad(port, 100);
    await sleep(300);
    const reloadStart = performance.now();
    supervisor.signal('SIGHUP');
    await supervisor.waitForLog((line) => line.msg === 'reload finished', 30_000);
    const reloadEnd = performance.now();
    await sleep(300);
    await load.stop();
    supervisor.signal('SIGTERM');
    const exit = await supervisor.exited;

    const during = load.samples.filter(
      (s) => s.startedAt >= reloadStart && s.startedAt <= reloadEnd,
    );
    const ms = during.map((sample) => sample.ms);
    console.log(
      `      ${load.samples.length} requests, ${during.length} during the ` +
        `${Math.round(reloadEnd - reloadStart)} ms reload: ` +
        `p50 ${percentile(ms, 50).toFixed(1)} ms, ` +
        `p99 ${percentile(ms, 99).toFixed(1)} ms; ${load.failures.length} failed`,
    );
    expect(load.failures).to.deep.equal([]);
    expect(load.samples.filter((sample) => sample.status !== 200)).to.deep.equal([]);
    expect(during.length).to.be.above(100);
    const servedAtEnd = new Set(load.samples.slice(-200).map((sample) => sample.body));
    for (const pid of oldPids) expect(servedAtEnd.has(`pid:${pid}`)).to.equal(false);

    expect(exit.code).to.equal(0);
    const reload = historyJson(stateDir).find((entry) => entry.reason === 'reload');
    expect(reload).to.include({ trigger: 'SIGHUP', outcome: 'clean' });
    expect(reload!.workers.map((worker) => worker.outcome)).to.deep.equal(Array(4).fill('drained'));
    expect(reload!.workers.map((worker) => worker.pid)).to.have.members(oldPids);
    const timeline = showJson(stateDir, reload!.id).events.map((event) => event.kind);
    expect(timeline.filter((kind) => kind === 'ready')).to.have.length(4);
    expect(lifecycleEvents(stateDir).filter((event) => event.kind === 'reload')).to.have.length(4);
  });

  it('stops a reload whose new instance is never ready; the old ones keep serving', async () => {
    const port = await getFreePort();
    const { dir, stateDir, supervisor } = startSupervisor(
      clusterConfig(port, { FAIL_FILE: 'deploy-is-broken' }),
    );
    await supervisor.waitReady(4);
    const oldPids = [...supervisor.workerPids().values()];
    writeFileSync(join(dir, 'deploy-is-broken'), '');

    supervisor.signal('SIGHUP');
    const failed = await supervisor.waitForLog((line) => line.msg === 'reload failed', 30_000);
    const load = steadyLoad(port, 10);
    await sleep(300);
    await load.stop();
    supervisor.signal('SIGTERM');
    await supervisor.exited;

    expect(failed).to.deep.include({ ok: false, replaced: [] });
    expect(load.failures).to.deep.equal([]);
    expect(new Set(load.samples.map((sample) => sample.body))).to.deep.equal(
      new Set(oldPids.map((pid) => `pid:${pid}`)),
    );
    const reload = historyJson(stateDir).find((entry) => entry.reason === 'reload');
    expect(reload).to.include({ outcome: 'failed' });
    expect(reload!.workers).to.have.length(1);
    expect(oldPids).to.not.include(reload!.workers[0]!.pid);
    const timeline = showJson(stateDir, reload!.id).events.map((event) => event.kind);
    expect(timeline).to.include.members(['spawned', 'not-ready', 'drain-sent']);
  });
});

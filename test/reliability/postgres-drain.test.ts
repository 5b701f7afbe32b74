import { setTimeout as sleep } from 'node:timers/promises';

import { expect } from 'chai';

import type { DrainReport } from '../../worker-sdk/protocol.js';
import { historyJson, showJson } from '../support/history-cli.js';
import { getFreePort, httpGet } from '../support/http-client.js';
import { fixtureWorker } from '../support/paths.js';
import { printCounts, startSupervised, tally } from './supervised.js';
import { requireService } from '../support/services.js';
import { queryPostgres } from './query-postgres.js';

const REQUESTS = 3;

/** A response's status, or the error code of a request that got none. */
async function settle(port: number): Promise<string> {
  try {
    return `status ${(await httpGet(port, '/sleep')).status}`;
  } catch (error: unknown) {
    return `error ${(error as NodeJS.ErrnoException).code ?? 'unknown'}`;
  }
}

async function activeSessions(appName: string): Promise<number> {
  const rows = await queryPostgres(
    `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND state = 'active'`,
    [appName],
  );
  return rows.length;
}

/** The worker's sessions still open, once the server has had up to 2 s to see them go. */
async function sessionsOf(appName: string): Promise<number> {
  const until = Date.now() + 2000;
  for (;;) {
    const rows = await queryPostgres(
      'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
      [appName],
    );
    if (rows.length === 0 || Date.now() > until) return rows.length;
    await sleep(50);
  }
}

/** Starts the pg worker, sends REQUESTS slow queries through it, and waits until they run. */
async function superviseSlowQueries(graceMs: number, poolTimeoutMs: number) {
  const port = await getFreePort();
  const appName = `gs-rel-${process.pid}-${port}`;
  const run = startSupervised([
    {
      name: 'db',
      script: fixtureWorker('rel-pg-worker'),
      env: { PORT: String(port), APP_NAME: appName, POOL_TIMEOUT_MS: String(poolTimeoutMs) },
      graceMs,
      killTimeoutMs: 1000,
    },
  ]);
  await run.supervisor.waitReady(1);
  const responses = Array.from({ length: REQUESTS }, () => settle(port));
  for (let tries = 0; (await activeSessions(appName)) < REQUESTS; tries += 1) {
    if (tries > 100) throw new Error('the queries never started');
    await sleep(50);
  }
  return { ...run, appName, responses };
}

function reportOf(stateDir: string): { report: DrainReport; drainMs: number; kinds: string[] } {
  const [summary] = historyJson(stateDir);
  const detail = showJson(stateDir, summary!.id);
  const stop = detail.workers[0]!;
  return {
    report: stop.report as unknown as DrainReport,
    drainMs: stop.drainMs ?? Infinity,
    kinds: detail.events.map((event) => event.kind),
  };
}

describe('reliability: PostgreSQL behind a draining worker', function () {
  this.timeout(30_000);

  beforeEach(async function () {
    await requireService(this, 'PostgreSQL');
  });

  it('ends the drain when its sessions are killed mid-drain (pg_terminate_backend)', async () => {
    const graceMs = 5000;
    const { supervisor, stateDir, appName, responses } = await superviseSlowQueries(graceMs, 1000);
    supervisor.signal('SIGTERM');
    await supervisor.waitForLog((line) => line.msg === 'shutdown started');
    await sleep(300);
    const killed = await queryPostgres(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = $1 AND state = 'active'`,
      [appName],
    );
    const answers = await Promise.all(responses);
    const exit = await supervisor.exited;

    const { report, drainMs, kinds } = reportOf(stateDir);
    printCounts(`pg terminated mid-drain x${REQUESTS}`, {
      terminated: killed.length,
      answers: tally(answers),
      drainMs,
      graceMs,
      resources: report.resources.map((resource) => `${resource.name} ${resource.outcome}`),
      sessionsLeft: await sessionsOf(appName),
    });
    expect(killed).to.have.length(REQUESTS);
    expect(answers).to.deep.equal(Array(REQUESTS).fill('status 503'));
    expect(exit.code).to.equal(0);
    expect(drainMs).to.be.below(graceMs);
    expect(kinds).to.not.include('kill-signal');
    expect(report.http).to.include({ inflightAtDrain: REQUESTS, completedDuringDrain: REQUESTS });
    expect(report.resources).to.deep.include.members([
      { name: 'pg', outcome: 'done', durationMs: report.resources[0]!.durationMs },
    ]);
    expect(await sessionsOf(appName)).to.equal(0);
  });

  it('ends the drain by its deadline when a query never returns, and names it', async () => {
    const graceMs = 3000;
    const { supervisor, stateDir, appName, responses } = await superviseSlowQueries(graceMs, 500);
    supervisor.signal('SIGTERM');
    const answers = await Promise.all(responses);
    const exit = await supervisor.exited;

    const { report, drainMs, kinds } = reportOf(stateDir);
    const queries = report.queries ?? [];
    printCounts(`pg query never returns x${REQUESTS}`, {
      answers: tally(answers),
      drainMs,
      graceMs,
      cutRequests: report.http.cutRequests.length,
      cancelledQueries: queries.map((query) => query.query),
      clean: report.clean,
      sessionsLeft: await sessionsOf(appName),
    });
    expect(exit.code).to.equal(0);
    expect(drainMs).to.be.below(graceMs);
    expect(kinds).to.not.include('kill-signal');
    expect(report.clean).to.equal(false);
    expect(report.http.cutRequests.map((request) => request.path)).to.deep.equal(
      Array(REQUESTS).fill('/sleep'),
    );
    expect(queries.map((query) => query.query)).to.deep.equal(
      Array(REQUESTS).fill('SELECT pg_sleep(60)'),
    );
    expect(await sessionsOf(appName)).to.equal(0);
  });
});

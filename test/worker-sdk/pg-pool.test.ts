import { expect } from 'chai';
import pg from 'pg';

import type { DrainReport } from '../../worker-sdk/protocol.js';
import { historyJson, showJson } from '../support/history-cli.js';
import { httpRequest } from '../support/http-client.js';
import { startOneWorker } from '../support/one-worker-supervisor.js';
import { fixtureWorker } from '../support/paths.js';
import { PG_CONFIG, uniqueTableName, useDatabase } from '../support/services.js';
import { drainAndReport, readUntil, runSupervisedHttp } from '../support/worker-process.js';

/** Sessions of the worker (by application_name), by state. */
async function sessionsOf(db: pg.Client, appName: string): Promise<string[]> {
  const { rows } = await db.query<{ state: string }>(
    'SELECT state FROM pg_stat_activity WHERE application_name = $1',
    [appName],
  );
  return rows.map((row) => row.state);
}

function waitForSessions(db: pg.Client, appName: string, check: (s: string[]) => boolean) {
  return readUntil(() => sessionsOf(db, appName), check);
}

describe('Worker: a pg pool in a real worker process (PostgreSQL)', function () {
  this.timeout(30_000);
  const database = useDatabase(
    'PostgreSQL',
    async () => {
      const client = new pg.Client(PG_CONFIG);
      await client.connect();
      return client;
    },
    (table) => `CREATE TABLE ${table} (id int PRIMARY KEY)`,
  );
  let db: pg.Client;
  let table: string;
  let appName: string;

  beforeEach(() => {
    db = database.client;
    table = database.table;
    appName = uniqueTableName('sdk_worker');
  });

  function startWorker(env: NodeJS.ProcessEnv = {}) {
    return runSupervisedHttp('sdk-orders', {
      DB_KIND: 'pg',
      DB_TABLE: table,
      PG_APP_NAME: appName,
      ...env,
    });
  }

  it('ends the pool: pg_stat_activity has no session of the worker afterwards', async () => {
    const worker = await startWorker({ STAY_AFTER_DRAIN: '1' });
    expect((await httpRequest(worker.port, 'GET', '/warm')).status).to.equal(200);
    expect(await sessionsOf(db, appName)).to.have.length.of.at.least(1);

    const report = await drainAndReport(worker, 4000);
    const left = await waitForSessions(db, appName, (states) => states.length === 0);

    expect(report.resources.map((r) => [r.name, r.outcome])).to.deep.equal([['pg', 'done']]);
    expect(left).to.deep.equal([]);
    // Still running: the sessions are gone because the pool ended, not because the process did.
    expect(worker.child.exitCode).to.equal(null);
    expect(report.clean).to.equal(true);
  });

  it('cancels a pg_sleep(60) at the pool timeout and names it, with how long it ran', async () => {
    const worker = await startWorker({ POOL_TIMEOUT_MS: '1000', STAY_AFTER_DRAIN: '1' });
    expect((await httpRequest(worker.port, 'POST', '/reports')).status).to.equal(202);
    await waitForSessions(db, appName, (states) => states.includes('active'));

    const report = await drainAndReport(worker, 6000);
    const [query] = report.queries ?? [];
    console.log(
      `      pg_sleep(60) cancelled after ${query?.runningMs} ms ` +
        `(pool timeout 1000 ms, drain ${report.durationMs} ms)`,
    );

    expect(report.queries).to.have.length(1);
    expect(query).to.include({ resource: 'pg', query: 'SELECT pg_sleep(60)' });
    expect(query!.runningMs).to.be.within(1000, 3000);
    // Cancelled once the pool had waited its timeout for the client, then closed at once.
    expect(report.resources).to.have.length(1);
    expect(report.resources[0]).to.include({ name: 'pg', outcome: 'done' });
    expect(report.resources[0]!.durationMs).to.be.within(1000, 2000);
    expect(report.durationMs).to.be.below(4000);
    expect(report.clean).to.equal(false);
    expect(await waitForSessions(db, appName, (s) => s.length === 0)).to.deep.equal([]);
  });

  it('cuts a long query to a sensible length in the report', async () => {
    const worker = await startWorker({ POOL_TIMEOUT_MS: '500', STAY_AFTER_DRAIN: '1' });
    // A query long enough to be cut, and still running at the pool timeout.
    expect((await httpRequest(worker.port, 'POST', '/reports?pad=1000')).status).to.equal(202);
    await waitForSessions(db, appName, (states) => states.includes('active'));

    const report = await drainAndReport(worker, 5000);

    const text = report.queries?.[0]?.query ?? '';
    expect(text).to.match(/^SELECT pg_sleep\(60\), 'x+…$/);
    expect(text.length).to.be.at.most(201);
  });

  it('settles a query queued behind a stuck one instead of dropping it (pool of one)', async () => {
    const worker = await startWorker({
      POOL_MAX: '1',
      POOL_TIMEOUT_MS: '1000',
      STAY_AFTER_DRAIN: '1',
    });
    expect((await httpRequest(worker.port, 'POST', '/reports')).status).to.equal(202);
    await waitForSessions(db, appName, (states) => states.includes('active'));
    // The pool's only client is busy: this one waits in the pool's queue.
    expect((await httpRequest(worker.port, 'POST', '/reports?pad=1')).status).to.equal(202);

    const report = await drainAndReport(worker, 6000);
    const settled = await readUntil(
      () => Promise.resolve((worker.output().match(/report query (ended|failed)/g) ?? []).length),
      (count) => count === 2,
    );
    const named = report.queries?.map((q) => `${q.query} (${q.runningMs} ms)`) ?? [];
    console.log(`      cancelled and named: ${named.join(', ')}`);

    // Neither hangs nor is dropped: the queued one runs on a connection opened once the first
    // cancel failed the first, and is cancelled and named in its turn.
    expect(settled).to.equal(2);
    expect(report.queries?.map((q) => q.query)).to.deep.equal([
      'SELECT pg_sleep(60)',
      "SELECT pg_sleep(60), 'x' AS padding",
    ]);
    expect(report.resources[0]).to.include({ name: 'pg', outcome: 'done' });
    expect(await waitForSessions(db, appName, (s) => s.length === 0)).to.deep.equal([]);
  });

  it('leaves no lock behind when the worker is killed mid-transaction (kill -9)', async () => {
    const worker = await startWorker();
    const held = httpRequest(worker.port, 'POST', '/orders/hold?id=5').catch((e: Error) => e);
    await waitForSessions(db, appName, (states) => states.includes('idle in transaction'));

    worker.child.kill('SIGKILL');
    await held;
    const startedAt = Date.now();
    await db.query(`SET lock_timeout = 5000; INSERT INTO ${table} (id) VALUES (5)`);
    console.log(
      `      key of the killed worker's transaction free after ${Date.now() - startedAt} ms`,
    );

    expect(await waitForSessions(db, appName, (s) => s.length === 0)).to.deep.equal([]);
  });

  it('rolls back a transaction left open at the deadline and records the counts', async () => {
    const { port, supervisor, stateDir } = await startOneWorker({
      name: 'orders',
      script: fixtureWorker('sdk-orders'),
      env: { DB_KIND: 'pg', DB_TABLE: table, PG_APP_NAME: appName },
      graceMs: 3000,
    });
    const responses = [
      httpRequest(port, 'POST', '/orders?id=1'),
      httpRequest(port, 'POST', '/orders/fail?id=2'),
      httpRequest(port, 'POST', '/orders/hold?id=3').catch((error: Error) => error),
    ];
    const inTransaction = (states: string[]) =>
      states.filter((state) => state === 'idle in transaction').length === 3;
    expect(inTransaction(await waitForSessions(db, appName, inTransaction))).to.equal(true);

    supervisor.signal('SIGTERM');
    const [committed, failed, held] = await Promise.all(responses);
    await supervisor.exited;

    expect(committed).to.include({ status: 201 });
    expect(failed).to.include({ status: 409 });
    expect(held).to.be.instanceOf(Error);
    const { rows } = await db.query<{ id: number }>(`SELECT id FROM ${table} ORDER BY id`);
    expect(rows.map((row) => row.id)).to.deep.equal([1]);
    // The rolled-back transaction's lock is gone: another session takes the same key at once.
    await db.query(`SET statement_timeout = 2000; INSERT INTO ${table} (id) VALUES (3)`);

    const detail = showJson(stateDir, historyJson(stateDir)[0]!.id);
    const report = detail.workers[0]!.report as unknown as DrainReport;
    const counts = {
      openAtDrain: 3,
      committed: 1,
      rolledBack: 2,
      rolledBackAtDeadline: 1,
      open: 0,
    };
    expect(report.transactions).to.deep.equal(counts);
    expect(report.resources.map((r) => [r.name, r.outcome])).to.deep.equal([['pg', 'done']]);
    expect(report.http.cutRequests.map((r) => `${r.method} ${r.path}`)).to.deep.equal([
      'POST /orders/hold',
    ]);
    console.log(
      `      3 open at drain: 1 committed, 2 rolled back (1 at the deadline); ` +
        `pg closed in ${report.resources[0]?.durationMs} ms`,
    );
    const phase = detail.events.find((event) => event.kind === 'transactions');
    expect(phase?.detail).to.deep.equal(counts);
    expect(await sessionsOf(db, appName)).to.deep.equal([]);
  });
});

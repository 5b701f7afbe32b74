import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { expect } from 'chai';
import mysql from 'mysql2/promise';

import { getFreePort, httpRequest, waitForHttp } from '../support/http-client.js';
import { MARIADB_CONFIG, requireService, uniqueTableName } from '../support/services.js';
import { makeTempDir } from '../support/temp-dir.js';
import { drainAndReport, runSupervised, type SupervisedWorker } from '../support/worker-process.js';

interface ProcessRow {
  ID: number;
  COMMAND: string;
}

describe('Worker: a mysql2 pool in a real worker process (MariaDB)', function () {
  this.timeout(30_000);
  let db: mysql.Connection;
  let table: string;
  let threadsFile: string;

  before(async function () {
    await requireService(this, 'MariaDB');
    db = await mysql.createConnection(MARIADB_CONFIG);
  });

  after(async () => {
    await db?.end();
  });

  beforeEach(async () => {
    table = uniqueTableName('sdk_orders');
    threadsFile = join(makeTempDir(), 'threads');
    await db.query(`CREATE TABLE ${table} (id int PRIMARY KEY) ENGINE=InnoDB`);
  });

  afterEach(async () => {
    await db.query(`DROP TABLE IF EXISTS ${table}`);
  });

  async function startWorker(env: NodeJS.ProcessEnv = {}) {
    const port = await getFreePort();
    const worker = runSupervised('sdk-orders', {
      DB_KIND: 'mysql',
      DB_TABLE: table,
      THREADS_FILE: threadsFile,
      PORT: String(port),
      STAY_AFTER_DRAIN: '1',
      ...env,
    });
    await waitForHttp(port);
    return { ...worker, port };
  }

  /** The worker's connections (every thread id it opened) still in the processlist. */
  async function connectionsOf(): Promise<ProcessRow[]> {
    if (!existsSync(threadsFile)) return [];
    const ids = readFileSync(threadsFile, 'utf8').split('\n').filter(Boolean).map(Number);
    const [rows] = await db.query(
      'SELECT ID, COMMAND FROM information_schema.PROCESSLIST WHERE ID IN (?)',
      [ids],
    );
    return rows as ProcessRow[];
  }

  async function waitForConnections(check: (rows: ProcessRow[]) => boolean) {
    const until = Date.now() + 3000;
    let rows = await connectionsOf();
    while (!check(rows) && Date.now() < until) {
      await sleep(20);
      rows = await connectionsOf();
    }
    return rows;
  }

  async function drain(worker: SupervisedWorker, graceMs: number) {
    const report = await drainAndReport(worker, graceMs);
    const left = await waitForConnections((rows) => rows.length === 0);
    // Still running: the connections are gone because the pool ended, not the process.
    expect(worker.child.exitCode).to.equal(null);
    return { report, left };
  }

  it('ends the pool: no connection of the worker is in the processlist afterwards', async () => {
    const worker = await startWorker();
    expect((await httpRequest(worker.port, 'GET', '/warm')).status).to.equal(200);
    expect(await connectionsOf()).to.have.length.of.at.least(1);

    const { report, left } = await drain(worker, 4000);

    expect(report.resources.map((r) => [r.name, r.outcome])).to.deep.equal([['mysql', 'done']]);
    expect(left).to.deep.equal([]);
    expect(report.clean).to.equal(true);
  });

  it('rolls back the transaction open at the deadline and commits the one that ends', async () => {
    const worker = await startWorker();
    const committed = httpRequest(worker.port, 'POST', '/orders?id=1');
    const held = httpRequest(worker.port, 'POST', '/orders/hold?id=2').catch((e: Error) => e);
    await waitForConnections((rows) => rows.length >= 2);
    await sleep(100); // both inserts done, neither transaction ended

    const { report, left } = await drain(worker, 3000);
    const [rows] = await db.query(`SELECT id FROM ${table} ORDER BY id`);

    expect(await committed).to.include({ status: 201 });
    expect(await held).to.be.instanceOf(Error);
    expect((rows as { id: number }[]).map((row) => row.id)).to.deep.equal([1]);
    expect(report.transactions).to.deep.equal({
      openAtDrain: 2,
      committed: 1,
      rolledBack: 1,
      rolledBackAtDeadline: 1,
      open: 0,
    });
    expect(report.resources.map((r) => [r.name, r.outcome])).to.deep.equal([['mysql', 'done']]);
    expect(left).to.deep.equal([]);
    // The lock is gone: another session takes the same key at once.
    await db.query(`SET SESSION innodb_lock_wait_timeout = 2`);
    await db.query(`INSERT INTO ${table} (id) VALUES (2)`);
  });

  it('stops a SLEEP(60) with KILL QUERY at the pool timeout and names it', async () => {
    const worker = await startWorker({ POOL_TIMEOUT_MS: '1000' });
    expect((await httpRequest(worker.port, 'POST', '/reports')).status).to.equal(202);
    await waitForConnections((rows) => rows.some((row) => row.COMMAND === 'Query'));

    const { report, left } = await drain(worker, 6000);
    const [query] = report.queries ?? [];
    console.log(`      SLEEP(60) stopped after ${query?.runningMs} ms (pool timeout 1000 ms)`);

    expect(report.queries).to.have.length(1);
    expect(query).to.include({ resource: 'mysql', query: 'SELECT SLEEP(60)' });
    expect(query!.runningMs).to.be.within(1000, 3000);
    expect(report.resources.map((r) => [r.name, r.outcome])).to.deep.equal([['mysql', 'done']]);
    expect(left).to.deep.equal([]);
  });
});

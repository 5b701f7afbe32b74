import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect } from 'chai';
import mysql from 'mysql2/promise';

import { httpRequest } from '../support/http-client.js';
import { MARIADB_CONFIG, useDatabase } from '../support/services.js';
import { makeTempDir } from '../support/temp-dir.js';
import {
  drainAndReport,
  readUntil,
  runSupervisedHttp,
  type SupervisedWorker,
} from '../support/worker-process.js';

interface ProcessRow {
  ID: number;
  COMMAND: string;
}

/** Every thread id the worker opened, as its fixture wrote them down; [0] before any. */
function threadIdsIn(threadsFile: string): number[] {
  if (!existsSync(threadsFile)) return [0];
  return readFileSync(threadsFile, 'utf8').split('\n').filter(Boolean).map(Number);
}

/** How many transactions of the worker's threads have changed rows and are still open. */
async function openTransactionsOf(db: mysql.Connection, threadsFile: string): Promise<number> {
  const ids = threadIdsIn(threadsFile);
  const [rows] = await db.query(
    `SELECT count(*) AS n FROM information_schema.INNODB_TRX
      WHERE trx_mysql_thread_id IN (?) AND trx_rows_modified > 0`,
    [ids],
  );
  return Number((rows as { n: number }[])[0]?.n ?? 0);
}

describe('Worker: a mysql2 pool in a real worker process (MariaDB)', function () {
  this.timeout(30_000);
  const database = useDatabase(
    'MariaDB',
    () => mysql.createConnection(MARIADB_CONFIG),
    (table) => `CREATE TABLE ${table} (id int PRIMARY KEY) ENGINE=InnoDB`,
  );
  let db: mysql.Connection;
  let table: string;
  let threadsFile: string;

  beforeEach(() => {
    db = database.client;
    table = database.table;
    threadsFile = join(makeTempDir(), 'threads');
  });

  function startWorker(env: NodeJS.ProcessEnv = {}) {
    return runSupervisedHttp('sdk-orders', {
      DB_KIND: 'mysql',
      DB_TABLE: table,
      THREADS_FILE: threadsFile,
      STAY_AFTER_DRAIN: '1',
      ...env,
    });
  }

  /** The worker's connections (every thread id it opened) still in the processlist. */
  async function connectionsOf(): Promise<ProcessRow[]> {
    const [rows] = await db.query(
      'SELECT ID, COMMAND FROM information_schema.PROCESSLIST WHERE ID IN (?)',
      [threadIdsIn(threadsFile)],
    );
    return rows as ProcessRow[];
  }

  function waitForConnections(check: (rows: ProcessRow[]) => boolean) {
    return readUntil(connectionsOf, check);
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
    const modifying = () => openTransactionsOf(database.client, threadsFile);
    // InnoDB refreshes INNODB_TRX only when it was not read for 100 ms: poll slower than that.
    const inserted = await readUntil(modifying, (count) => count === 2, { intervalMs: 150 });
    expect(inserted).to.equal(2);

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

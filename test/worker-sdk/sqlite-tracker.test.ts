import { statSync } from 'node:fs';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { expect } from 'chai';

import { httpRequest } from '../support/http-client.js';
import { openStream } from '../support/http-stream.js';
import { makeTempDir } from '../support/temp-dir.js';
import { drainAndReport, runSupervisedHttp } from '../support/worker-process.js';

describe('Worker: a better-sqlite3 database in a real worker process', function () {
  this.timeout(20_000);

  it('rolls back what is open at close, checkpoints the WAL, passes integrity_check', async () => {
    const dbFile = join(makeTempDir(), 'notes.db');
    const worker = await runSupervisedHttp('sdk-sqlite-notes', { DB_FILE: dbFile });
    const { port } = worker;
    for (const id of [1, 2, 3]) await httpRequest(port, 'POST', `/notes?id=${id}`);
    const held = openStream(port, '/notes/hold?id=4', 'POST');
    await held.waitFor('begun');
    // Another connection stays open through the close, so SQLite cannot clean the WAL up on
    // its own when the worker's connection closes: only the SDK's checkpoint empties it.
    const reader = new Database(dbFile, { readonly: true });
    try {
      expect(reader.prepare('SELECT count(*) FROM notes').pluck().get()).to.equal(4);
      expect(statSync(`${dbFile}-wal`).size).to.be.above(0);

      const report = await drainAndReport(worker, 2000);
      await worker.finished;

      expect(await held.ended).to.be.instanceOf(Error);
      expect(report.resources.map((r) => [r.name, r.outcome])).to.deep.equal([['sqlite', 'done']]);
      expect(report.transactions).to.include({ rolledBack: 1, rolledBackAtDeadline: 1, open: 0 });
      const closed = worker.messages.find(
        (m) => m.type === 'progress' && m.phase === 'resource-closed',
      );
      expect(closed?.type === 'progress' && closed.detail).to.include({ rolledBack: 1 });
      expect(statSync(`${dbFile}-wal`).size).to.equal(0);
      const ids = reader.prepare('SELECT id FROM notes ORDER BY id').pluck().all();
      expect(ids).to.deep.equal([1, 2, 3, 4]);
    } finally {
      reader.close();
    }
    const check = new Database(dbFile, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).to.equal('ok');
    check.close();
  });
});

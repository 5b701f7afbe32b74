// An example HTTP worker: answers requests, counts visits in SQLite, and drains properly.
// Try: curl localhost:3000/ and curl localhost:3000/slow, then stop the supervisor.
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

import Database from 'better-sqlite3';
import { createWorker } from 'graceful-supervisor/worker-sdk';

const port = Number(process.env.PORT ?? 3000);
const db = new Database(process.env.DB_FILE ?? 'visits.db');
db.pragma('journal_mode = WAL');
db.exec('CREATE TABLE IF NOT EXISTS visits (path TEXT, at INTEGER)');
const recordVisit = db.prepare('INSERT INTO visits (path, at) VALUES (?, ?)');
const countVisits = db.prepare('SELECT count(*) AS n FROM visits');

const worker = createWorker();

const server = http.createServer(async (req, res) => {
  if (req.url === '/slow') await sleep(2000); // a request the drain must wait for
  recordVisit.run(req.url ?? '/', Date.now());
  res.setHeader('content-type', 'text/plain');
  res.end(`hello from ${process.env.SUPERVISOR_WORKER ?? 'web'}: ${countVisits.get().n} visits\n`);
});

worker.trackServer(server); // drained first: stop accepting, finish in-flight requests
worker.addResource('sqlite', () => db.close()); // closed last, after HTTP is idle
server.listen(port, () => worker.ready());

// An example Express worker: a small API whose slow report and live event stream drain well.
// Run it alone (node examples/express-worker.js, then Ctrl-C) or under the supervisor.
//   GET /            a quick answer
//   GET /healthz     200 while ready, 503 once draining (for a load balancer's health check)
//   GET /report      a slow answer (SLOW_MS, default 2000): the drain waits for it
//   GET /events      server-sent events; the stream says goodbye and ends when the drain begins
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

import express from 'express';
import { createWorker } from 'graceful-supervisor/worker-sdk';

const port = Number(process.env.PORT ?? 3000);
const slowMs = Number(process.env.SLOW_MS ?? 2000);
const worker = createWorker();
const app = express();

app.get('/', (_req, res) => {
  res.json({ hello: process.env.SUPERVISOR_WORKER ?? 'express' });
});

app.get('/healthz', (_req, res) => {
  res.sendStatus(worker.state === 'ready' ? 200 : 503);
});

app.get('/report', async (_req, res) => {
  await sleep(slowMs);
  res.json({ rows: 42 });
});

app.get('/events', (req, res) => {
  res.set({ 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }).flushHeaders();
  const ticker = setInterval(() => res.write(`data: ${Date.now()}\n\n`), 1000);
  // Aborted when the drain begins, or when the client goes away.
  worker.requestSignal(req).addEventListener(
    'abort',
    () => {
      clearInterval(ticker);
      res.end('event: bye\ndata: server restarting\n\n');
    },
    { once: true },
  );
});

// The SDK sees every connection only if it tracks the server before listen().
const server = http.createServer(app);
worker.trackServer(server);
server.listen(port, () => worker.ready());

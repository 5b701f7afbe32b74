// An example Fastify worker: routes, an onClose hook, and a drain in the safe order. The SDK
// drains Fastify's own server; Fastify's close() runs afterwards as a resource, so onClose hooks
// (a plugin's database pool, say) run only once no request can use them.
// Run it alone (node examples/fastify-worker.js, then Ctrl-C) or under the supervisor.
//   GET /          a quick answer
//   GET /report    a slow answer (SLOW_MS, default 2000): the drain waits for it
import { setTimeout as sleep } from 'node:timers/promises';

import Fastify from 'fastify';
import { createWorker } from 'graceful-supervisor/worker-sdk';

const port = Number(process.env.PORT ?? 3000);
const slowMs = Number(process.env.SLOW_MS ?? 2000);
const worker = createWorker();
const app = Fastify();

// Stands in for a plugin that owns a connection pool.
let connected = true;
app.addHook('onClose', async () => {
  connected = false;
});

app.get('/', async () => ({ hello: process.env.SUPERVISOR_WORKER ?? 'fastify', connected }));

app.get('/report', async () => {
  await sleep(slowMs);
  return { rows: 42, connected };
});

// Fastify creates its server at once: track it before listen() so every connection is seen.
worker.trackServer(app.server);
worker.addResource('fastify', () => app.close());
await app.listen({ port, host: '127.0.0.1' });
worker.ready();

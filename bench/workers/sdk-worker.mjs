// The benchmark's worker, run unchanged by both systems: an HTTP server drained by our SDK.
// Under graceful-supervisor the SDK speaks its protocol; under PM2 it answers PM2's own
// graceful interface too (wait_ready's 'ready', shutdown_with_message's 'shutdown'), so that
// each system gets its best graceful configuration from the same file.
import http from 'node:http';

import { createWorker, isSupervised } from 'graceful-supervisor/worker-sdk';

import { announceReady, listenPort, respond } from './respond.mjs';

const worker = createWorker();
const server = http.createServer(respond);
worker.trackServer(server);

const underPm2 = !isSupervised() && typeof process.send === 'function';
if (underPm2) {
  process.on('message', (message) => {
    if (message === 'shutdown') void worker.drain({ reason: 'shutdown' });
  });
}

server.listen(listenPort(), () => {
  worker.ready();
  if (underPm2) process.send('ready');
  announceReady();
});

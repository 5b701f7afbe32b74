// An example background worker: a polling loop that stops when the drain begins.
import { setInterval as every } from 'node:timers/promises';

import { createWorker } from 'graceful-supervisor/worker-sdk';

const worker = createWorker();
let processed = 0;

worker.addTask('outbox', async (signal) => {
  // The loop ends with an AbortError when the drain begins; the SDK counts that as done.
  for await (const _tick of every(1000, undefined, { signal })) {
    processed += 1; // one batch of outbox messages would be sent here
  }
});
worker.addResource('report', () => console.log(`outbox: ${processed} batches sent`));
worker.ready();

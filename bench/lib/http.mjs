// The HTTP side of the benchmarks: a free port, and requests that report how they ended.
import http from 'node:http';
import net from 'node:net';

import { now } from './timing.mjs';

/** A TCP port that was free a moment ago (the kernel's choice). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** One GET on its own connection; resolves with its status or error code and when it ended. */
export function request(url, timeoutMs) {
  return new Promise((resolve) => {
    const settle = (outcome) => resolve({ ...outcome, endedAt: now() });
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => settle({ status: res.statusCode }));
      res.on('error', (error) => settle({ error: error.code ?? error.message }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (error) => settle({ error: error.code ?? error.message }));
  });
}

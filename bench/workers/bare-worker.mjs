// The same HTTP server without the SDK: the floor for start-up time and memory. It stops
// accepting on SIGTERM or SIGINT and exits when its connections are done.
import http from 'node:http';

import { announceReady, listenPort, respond } from './respond.mjs';

const server = http.createServer(respond);
for (const name of ['SIGTERM', 'SIGINT']) {
  process.on(name, () => server.close(() => process.exit(0)));
}
server.listen(listenPort(), () => {
  if (typeof process.send === 'function') process.send('ready');
  announceReady();
});

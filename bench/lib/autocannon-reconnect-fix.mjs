// autocannon 9.0.0 mistimes every response after a server closes a keep-alive connection: its
// client reconnects on 'end' without dropping the request it had just written to the closing
// socket, so that request stays first in the client's queue for good, and each later response
// on that client is timed from the request before it. A reload retires connections with
// `Connection: close` (both systems' workers do), so the figures during a reload would count
// every retired connection's later latencies twice. This drops the request that can no longer
// be answered and gives its start time to the retry, so that the reconnect still counts once.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Client = require('autocannon/lib/httpClient.js');

/** Patches autocannon's client; call it once per process, before the first run. */
export function fixReconnectTiming() {
  const connect = Client.prototype._connect;
  Client.prototype._connect = function connectDroppingTheLostRequest() {
    const lost = this.conn ? this.pipelinedRequests.peek() : undefined;
    if (this.conn) this.pipelinedRequests.clear();
    connect.call(this);
    const retry = this.pipelinedRequests.peek();
    if (lost && retry) retry.startTime = lost.startTime;
  };
}

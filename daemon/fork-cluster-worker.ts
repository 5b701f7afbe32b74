// Cluster mode: instances forked through node:cluster, so that every instance's listen() on one
// port shares the supervisor's socket (Node 20 has no reusePort).
import cluster from 'node:cluster';
import type { ChildProcess } from 'node:child_process';

import type { WorkerConfig } from '../config/index.js';

// Limitation: node:cluster cannot fork detached, so cluster instances share the supervisor's
// process group. A Ctrl-C in the supervisor's terminal reaches them directly (SDK workers then
// start their drain at once, which the supervisor's drain joins), and when the supervisor is
// SIGKILLed, Node's cluster worker code exits at once on the lost channel instead of draining.
// Fork mode has neither problem; cluster mode is for workers that must share a port.
// Limitation: the primary accepts connections and hands them to instances in turn; one accepted
// just as the last instance closes its listener is reset by node:cluster, unseen by any worker
// (0 to 6 a shutdown under 20 busy keep-alive connections, docs/reliability.md). A client
// retries it as it would a refused connection; a reload, which keeps instances listening, has
// none.
// Limitation: in a rolling reload, a client whose keep-alive connection an old instance retires
// reconnects through the same round-robin, so it can land on an old instance not yet replaced
// and be retired again: 100 busy connections over 4 instances, one at a time, were retired 1.5
// times each on average (reload-under-load benchmark). node:cluster cannot steer connections to
// the new instances; `reloadBatch` equal to `instances` retires each once, but then every new
// instance boots at the same moment.
/**
 * Forks one cluster instance and returns its process. The settings are global to node:cluster
 * and read at fork time, so they are set again before every fork. Output is piped (silent), so
 * that it can be captured from `ChildProcess.stdout` and `stderr` as in fork mode.
 */
export function forkClusterWorker(config: WorkerConfig, env: NodeJS.ProcessEnv): ChildProcess {
  cluster.setupPrimary({
    exec: config.script,
    args: config.args,
    cwd: config.cwd,
    serialization: 'json',
    silent: true,
  });
  const worker = cluster.fork(env);
  // node:cluster repeats its process's errors on the Worker; WorkerInstance logs them there.
  worker.on('error', () => undefined);
  return worker.process;
}

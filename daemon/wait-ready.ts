// A starting instance is ready when it says so (`ready`), or at once without the SDK; it has
// failed to start when it exits first or stays silent past readyTimeoutMs.
import type { WorkerMessage } from '../worker-sdk/protocol.js';
import type { WorkerInstance } from './worker-instance.js';

export type ReadyResult = 'ready' | 'exited' | 'timeout';

/** Resolves once the instance is ready, has exited, or has let readyTimeoutMs pass. */
export function waitReady(instance: WorkerInstance): Promise<ReadyResult> {
  // Without the SDK nothing will say "ready": being alive is all we can know.
  if (instance.config.drain === 'signal') return Promise.resolve('ready');
  return new Promise((resolve) => {
    const settle = (result: ReadyResult) => {
      clearTimeout(timer);
      instance.off('message', onMessage);
      instance.off('exit', onExit);
      resolve(result);
    };
    const onMessage = (message: WorkerMessage) => {
      if (message.type === 'ready') settle('ready');
    };
    const onExit = () => settle('exited');
    const timer = setTimeout(() => settle('timeout'), instance.config.readyTimeoutMs);
    instance.on('message', onMessage);
    instance.on('exit', onExit);
    if (!instance.isRunning) settle('exited');
  });
}

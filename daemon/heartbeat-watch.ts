// Hung workers: with heartbeatTimeoutMs set, a ready instance whose heartbeats stop for that
// long (its event loop is blocked) is reported, once, so that it can be restarted.
import type { WorkerMessage } from '../worker-sdk/protocol.js';
import type { WorkerInstance } from './worker-instance.js';

/** Watches a ready instance's heartbeats until it exits; calls onSilent once when they stop. */
export function watchHeartbeats(
  instance: WorkerInstance,
  onSilent: (silentMs: number) => void,
): void {
  const timeoutMs = instance.config.heartbeatTimeoutMs;
  if (timeoutMs === 0 || instance.config.drain !== 'ipc') return;
  let lastBeat = Date.now();
  const timer = setTimeout(() => {
    stop();
    // A draining instance is under its stop's deadline already.
    if (instance.state === 'ready') onSilent(Date.now() - lastBeat);
  }, timeoutMs);
  const onMessage = (message: WorkerMessage) => {
    if (message.type !== 'heartbeat') return;
    lastBeat = Date.now();
    timer.refresh();
  };
  const stop = () => {
    clearTimeout(timer);
    instance.off('message', onMessage);
    instance.off('exit', stop);
  };
  instance.on('message', onMessage);
  instance.on('exit', stop);
}

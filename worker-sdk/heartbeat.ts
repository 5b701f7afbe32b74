// Heartbeats, sent from the worker's event loop: a loop blocked by a busy computation sends
// none, and the supervisor restarts the worker once they stop for its heartbeatTimeoutMs.
import type { WorkerMessage } from './protocol.js';

interface HeartbeatTransport {
  send(message: WorkerMessage): Promise<boolean>;
  readonly connected: boolean;
}

/** The interval the supervisor asks for in SUPERVISOR_HEARTBEAT_MS; undefined when it asks none. */
export function heartbeatIntervalFromEnvironment(): number | undefined {
  const value = Number(process.env.SUPERVISOR_HEARTBEAT_MS);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/** Sends a heartbeat every `intervalMs` while the channel is open; never keeps a worker alive. */
export function startHeartbeat(transport: HeartbeatTransport, intervalMs: number): void {
  const beat = { supervisor: 1, type: 'heartbeat' } as const;
  const timer = setInterval(() => {
    if (transport.connected) void transport.send(beat);
    else clearInterval(timer);
  }, intervalMs);
  timer.unref();
}

// The worker's end of the IPC channel: sends our messages, hands drain requests to the worker,
// and notices when the supervisor goes away.
import cluster from 'node:cluster';

import {
  isProtocolMessage,
  parseSupervisorMessage,
  type DrainMessage,
  type WorkerMessage,
} from './protocol.js';

export interface ChannelHandlers {
  onDrain(message: DrainMessage): void;
  onDisconnect(): void;
  onInvalidMessage(problem: string): void;
}

/** True when a supervisor forked this process with an IPC channel. */
export function isSupervised(): boolean {
  return typeof process.send === 'function' && process.env.SUPERVISOR_WORKER !== undefined;
}

export class SupervisorChannel {
  #connected: boolean;

  constructor(handlers: ChannelHandlers) {
    this.#connected = isSupervised() && process.connected;
    if (!this.#connected) return;
    process.on('message', (value: unknown) => {
      // Other traffic (execa's, the application's own) shares the channel: leave it alone.
      if (!isProtocolMessage(value)) return;
      const message = parseSupervisorMessage(value);
      if (typeof message === 'string') handlers.onInvalidMessage(message);
      else handlers.onDrain(message);
    });
    process.once('disconnect', () => {
      this.#connected = false;
      handlers.onDisconnect();
    });
    // Listening must not keep an otherwise finished worker alive. A cluster worker is the
    // exception: its listen() waits on this channel for the primary's answer, and would be left
    // with nothing keeping it alive.
    if (!cluster.isWorker) process.channel?.unref();
  }

  get connected(): boolean {
    return this.#connected && process.connected;
  }

  /**
   * Sends one message and resolves once Node has handed it to the channel: process.send is
   * asynchronous, and exiting before its callback can lose the message. Never rejects.
   */
  send(message: WorkerMessage): Promise<boolean> {
    if (!this.connected || !process.send) return Promise.resolve(false);
    const send = process.send.bind(process);
    return new Promise((resolve) => {
      try {
        send(message, undefined, {}, (error: Error | null) => resolve(error === null));
      } catch {
        resolve(false); // the channel closed between the check and the send
      }
    });
  }
}

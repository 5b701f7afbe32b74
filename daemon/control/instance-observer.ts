// Watches worker instances for the control plane: turns their state changes and drain progress
// into control events, and remembers the deadline of a drain under way for `status`.
import type { WorkerMessage } from '../../worker-sdk/protocol.js';
import type { StateChange, WorkerInstance } from '../worker-instance.js';
import type { ControlEvent } from './control-target.js';

interface Watched {
  drainDeadline: number | null;
  inflight: number | null;
}

function inflightOf(message: WorkerMessage, previous: number | null): number | null {
  if (message.type !== 'progress') return previous;
  if (message.phase === 'http-idle') return 0;
  const value = message.detail.inflight;
  const isCount = message.phase === 'http-closed' && Number.isInteger(value);
  return isCount ? (value as number) : previous;
}

export class InstanceObserver {
  readonly #emit: (event: ControlEvent) => void;
  readonly #watched = new WeakMap<WorkerInstance, Watched>();

  constructor(emit: (event: ControlEvent) => void) {
    this.#emit = emit;
  }

  /** Starts watching an instance, before it can have sent anything (see Supervisor.onSpawn). */
  watch(instance: WorkerInstance): void {
    if (this.#watched.has(instance)) return;
    const watched: Watched = { drainDeadline: null, inflight: null };
    this.#watched.set(instance, watched);
    instance.on('state', (change) => this.#onState(instance, watched, change));
    instance.on('message', (message) => this.#onMessage(instance, watched, message));
  }

  drainDeadlineOf(instance: WorkerInstance): number | null {
    return this.#watched.get(instance)?.drainDeadline ?? null;
  }

  #onState(instance: WorkerInstance, watched: Watched, change: StateChange): void {
    const at = Date.now();
    // The stop sets `draining` just before it sends the drain message with deadline
    // now + graceMs, so this is the worker's deadline to within a millisecond.
    const isDraining = change.to === 'draining';
    watched.drainDeadline = isDraining ? at + instance.config.graceMs : null;
    if (isDraining) watched.inflight = null;
    this.#emit({
      type: 'worker-state',
      at,
      ...identify(instance),
      ...change,
      drainDeadline: watched.drainDeadline,
    });
  }

  #onMessage(instance: WorkerInstance, watched: Watched, message: WorkerMessage): void {
    if (message.type !== 'progress' && message.type !== 'drained') return;
    watched.inflight = inflightOf(message, watched.inflight);
    const isProgress = message.type === 'progress';
    this.#emit({
      type: 'drain-progress',
      at: Date.now(),
      ...identify(instance),
      phase: isProgress ? message.phase : 'drained',
      detail: isProgress ? message.detail : { clean: message.report.clean },
      inflight: watched.inflight,
      drainDeadline: watched.drainDeadline,
    });
  }
}

type Identity = { worker: string; instance: number; pid: number | null };

function identify(instance: WorkerInstance): Identity {
  return { worker: instance.config.name, instance: instance.index, pid: instance.pid ?? null };
}

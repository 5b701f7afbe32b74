// Watches worker instances for the control plane: turns their state changes and drain progress
// into control events, and remembers what `status` shows beyond the process figures (restarts,
// the deadline of a drain under way).
import type { WorkerMessage } from '../../worker-sdk/protocol.js';
import type { StateChange, WorkerInstance } from '../worker-instance.js';
import type { ControlEvent } from './control-target.js';

interface Watched {
  /** Pids of this instance's processes that have exited. */
  ended: Set<number>;
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

  /** Starts watching the instances not watched yet; call it whenever the list may have grown. */
  // Limitation: the supervisor has no event for an instance it adds after start (a reload that
  // creates new instances would); those are watched from the next status or subscribe request,
  // so their first state changes can be missing from an `events --follow` already running.
  watch(instances: readonly WorkerInstance[]): void {
    for (const instance of instances) {
      if (this.#watched.has(instance)) continue;
      const watched: Watched = { ended: new Set(), drainDeadline: null, inflight: null };
      this.#watched.set(instance, watched);
      instance.on('state', (change) => this.#onState(instance, watched, change));
      instance.on('message', (message) => this.#onMessage(instance, watched, message));
      instance.on('exit', () => {
        if (instance.pid !== undefined) watched.ended.add(instance.pid);
      });
    }
  }

  /** Processes of the instance that ended and were replaced by a new one. */
  restartsOf(instance: WorkerInstance): number {
    const ended = this.#watched.get(instance)?.ended ?? new Set<number>();
    return [...ended].filter((pid) => pid !== instance.pid).length;
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

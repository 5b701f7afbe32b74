// Every way of asking the daemon to stop (signals, the control socket) goes through here, so that
// the first request starts the shutdown, later ones either wait for it or force it, and the
// daemon learns when it is over.
import type { ControlEvent } from './control/index.js';
import type { ShutdownOutcome } from './shutdown-record.js';
import type { Supervisor } from './supervisor.js';

export interface StopRequest {
  trigger: string;
  /** When a shutdown is already under way: force it instead of waiting for it. */
  force: boolean;
}

export class StopRequests {
  readonly #supervisor: Supervisor;
  readonly #emit: (event: ControlEvent) => void;
  #done: Promise<ShutdownOutcome> | undefined;
  #resolveFinished!: (outcome: ShutdownOutcome) => void;
  /** Resolves with the outcome once a shutdown, however it was asked for, has finished. */
  readonly finished = new Promise<ShutdownOutcome>((resolve) => (this.#resolveFinished = resolve));

  constructor(supervisor: Supervisor, emit: (event: ControlEvent) => void) {
    this.#supervisor = supervisor;
    this.#emit = emit;
  }

  get isStopping(): boolean {
    return this.#done !== undefined;
  }

  /** Starts the shutdown, or joins (or, with `force`, forces) the one under way. */
  request({ trigger, force }: StopRequest): Promise<ShutdownOutcome> {
    if (this.#done) {
      if (force) void this.#supervisor.shutdown(trigger); // a second call forces
      return this.#done;
    }
    this.#emit({ type: 'shutdown-started', at: Date.now(), trigger });
    this.#done = this.#supervisor.shutdown(trigger).then((outcome) => {
      this.#emit({ type: 'shutdown-finished', at: Date.now(), outcome });
      this.#resolveFinished(outcome);
      return outcome;
    });
    return this.#done;
  }
}

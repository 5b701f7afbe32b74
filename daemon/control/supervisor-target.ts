// The running daemon as a ControlTarget: status from the supervisor and the observer, stop
// through the daemon's stop requests, events from its hub.
import type { StopRequests } from '../stop-requests.js';
import type { Supervisor } from '../supervisor.js';
import { ControlError } from './control-error.js';
import type {
  ControlTarget,
  DaemonStatus,
  OperationResult,
  StatusSnapshot,
  StopOptions,
  StopResult,
} from './control-target.js';
import type { EventHub } from './event-hub.js';
import type { InstanceObserver } from './instance-observer.js';

export interface SupervisorTargetParts {
  supervisor: Supervisor;
  stops: StopRequests;
  hub: EventHub;
  observer: InstanceObserver;
  daemon: Omit<DaemonStatus, 'stopping'>;
}

export class SupervisorTarget implements ControlTarget {
  readonly #parts: SupervisorTargetParts;

  constructor(parts: SupervisorTargetParts) {
    this.#parts = parts;
  }

  async status(): Promise<StatusSnapshot> {
    const { supervisor, observer, stops, daemon } = this.#parts;
    const instances = supervisor.instances;
    observer.watch(instances);
    const usage = await supervisor.statusSnapshot();
    // statusSnapshot() lists the instances in the order of `instances`.
    const workers = usage.map((figures, index) => {
      const instance = instances[index];
      return {
        ...figures,
        restarts: instance ? observer.restartsOf(instance) : 0,
        drainDeadline: instance ? observer.drainDeadlineOf(instance) : null,
      };
    });
    return { supervisor: { ...daemon, stopping: stops.isStopping }, workers };
  }

  async stop(options: StopOptions): Promise<StopResult> {
    const outcome = await this.#parts.stops.request(options);
    return { outcome, supervisorPid: this.#parts.daemon.pid };
  }

  // Limitation: reload and restart need Supervisor.reload / Supervisor.restart, which this
  // build does not have; they reply ERR_NOT_SUPPORTED until the two are connected here.
  reload(): Promise<OperationResult> {
    return Promise.reject(notSupported('reload'));
  }

  restart(): Promise<OperationResult> {
    return Promise.reject(notSupported('restart'));
  }

  subscribe(listener: Parameters<ControlTarget['subscribe']>[0]): () => void {
    this.#parts.observer.watch(this.#parts.supervisor.instances);
    return this.#parts.hub.subscribe(listener);
  }
}

function notSupported(method: string): ControlError {
  const message = `${method} is not supported by this supervisor yet; stop and start it instead`;
  return new ControlError('ERR_NOT_SUPPORTED', message);
}

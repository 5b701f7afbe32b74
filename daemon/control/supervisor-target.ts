// The running daemon as a ControlTarget: status from the supervisor and the observer, stop
// through the daemon's stop requests, events from its hub.
import { sampleInstances } from '../instance-usage.js';
import type { StopRequests } from '../stop-requests.js';
import type { Supervisor } from '../supervisor.js';
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
    const rows = supervisor.statusRows();
    const usage = await sampleInstances(rows.map((row) => row.instance));
    // sampleInstances() keeps the order of the rows it is given.
    const workers = usage.map((figures, index) => {
      const row = rows[index]!;
      return {
        ...figures,
        restarts: row.restarts,
        drainDeadline: observer.drainDeadlineOf(row.instance),
      };
    });
    return { supervisor: { ...daemon, stopping: stops.isStopping }, workers };
  }

  async stop(options: StopOptions): Promise<StopResult> {
    const outcome = await this.#parts.stops.request(options);
    return { outcome, supervisorPid: this.#parts.daemon.pid };
  }

  reload(names: readonly string[] | undefined, trigger: string): Promise<OperationResult> {
    return this.#parts.supervisor.reload(names, trigger).then((result) => ({ ...result }));
  }

  restart(name: string, trigger: string): Promise<OperationResult> {
    return this.#parts.supervisor.restart(name, trigger).then((result) => ({ ...result }));
  }

  subscribe(listener: Parameters<ControlTarget['subscribe']>[0]): () => void {
    return this.#parts.hub.subscribe(listener);
  }
}

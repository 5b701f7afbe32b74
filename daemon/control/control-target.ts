// What the control server asks of the daemon. The server knows nothing else about it, so the
// protocol can be tested and changed apart from the supervisor's internals.
import type { ShutdownOutcome } from '../shutdown-record.js';
import type { InstanceState } from '../worker-instance.js';

/** One worker instance, as `supervisor status` lists it. */
export interface InstanceStatus {
  worker: string;
  instance: number;
  /** Null when no process was ever started. */
  pid: number | null;
  state: InstanceState;
  /** Since the current process started; null when it is not running. */
  uptimeMs: number | null;
  /** Processes of this instance that ended and were replaced. */
  restarts: number;
  /** Over the last sample, 100 = one core; null when not running. */
  cpuPercent: number | null;
  memoryBytes: number | null;
  /** While draining: when the supervisor escalates, epoch ms. */
  drainDeadline: number | null;
}

export interface DaemonStatus {
  pid: number;
  startedAt: number;
  config: string;
  stateDir: string;
  /** True from the moment a shutdown begins. */
  stopping: boolean;
}

export interface StatusSnapshot {
  supervisor: DaemonStatus;
  workers: InstanceStatus[];
}

export interface StopOptions {
  /** What asked: `cli`, a signal name, … */
  trigger: string;
  /** When a shutdown is already under way: force it (SIGKILL) instead of waiting for it. */
  force: boolean;
}

export interface StopResult {
  outcome: ShutdownOutcome;
  /** The daemon's pid: it exits right after this reply, and a client may wait for that. */
  supervisorPid: number;
}

/** What a reload or restart ended with; `ok: false` makes the CLI exit 1. */
export interface OperationResult {
  ok: boolean;
  [field: string]: unknown;
}

/** Events streamed to subscribers. Times are epoch milliseconds. */
export type ControlEvent =
  | {
      type: 'worker-state';
      at: number;
      worker: string;
      instance: number;
      pid: number | null;
      from: InstanceState;
      to: InstanceState;
      why: string;
      drainDeadline: number | null;
    }
  | {
      type: 'drain-progress';
      at: number;
      worker: string;
      instance: number;
      pid: number | null;
      phase: string;
      detail: Record<string, unknown>;
      /** Requests still in flight, as far as the worker has said; null when it has not. */
      inflight: number | null;
      drainDeadline: number | null;
    }
  | { type: 'shutdown-started'; at: number; trigger: string }
  | { type: 'shutdown-finished'; at: number; outcome: ShutdownOutcome }
  | {
      type: 'log';
      at: number;
      worker: string;
      instance: number;
      pid: number;
      stream: 'stdout' | 'stderr';
      line: string;
    };

export type ControlEventType = ControlEvent['type'];

/** The daemon, as the control server sees it. Methods reject with ControlError. */
export interface ControlTarget {
  status(): Promise<StatusSnapshot>;
  /** Resolves when the shutdown has finished (the daemon exits right after). */
  stop(options: StopOptions): Promise<StopResult>;
  /** Rolling reload of the named workers, or of every worker when `names` is undefined. */
  reload(names: string[] | undefined, trigger: string): Promise<OperationResult>;
  restart(name: string, trigger: string): Promise<OperationResult>;
  /** Calls `listener` with every event from now on; returns the unsubscribe function. */
  subscribe(listener: (event: ControlEvent) => void): () => void;
}

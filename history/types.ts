// What the daemon hands to the history writer. Timestamps are epoch milliseconds.
import type { DrainMode } from '../config/index.js';
import type { DrainReason, DrainReport, ProgressPhase } from '../worker-sdk/protocol.js';

export type { DrainMode };

/** Why a shutdown happened: the same reasons a worker is told in its drain message. */
export type ShutdownReason = DrainReason;

/**
 * How a whole shutdown ended; `incomplete` means the supervisor died before closing it, `failed`
 * a reload or restart whose new instance never became ready (the old ones kept serving).
 */
export type ShutdownOutcome = 'clean' | 'forced' | 'crashed' | 'incomplete' | 'failed';

/** How one worker instance ended within a shutdown. */
export type StopOutcome = 'drained' | 'killed' | 'crashed' | 'exited';

/** Steps the supervisor itself takes during a shutdown, recorded beside the workers' phases. */
export type SupervisorStep =
  | 'shutdown-started'
  | 'drain-sent'
  | 'stop-signal'
  | 'drained'
  | 'kill-signal'
  | 'sigkill'
  | 'exit'
  | 'group-killed'
  | 'forced'
  | 'shutdown-finished'
  // Reloads and restarts: a replacement instance was spawned, became ready, or never did.
  | 'spawned'
  | 'ready'
  | 'not-ready';

/** One kind of timeline event: a worker's progress phase or a supervisor step. */
export type TimelineKind = ProgressPhase | SupervisorStep;

/** What happens to a worker outside shutdowns. */
export type LifecycleKind =
  'spawn' | 'ready' | 'ready-timeout' | 'exit' | 'crash' | 'restart' | 'crash-loop' | 'reload';

/** Free-form fields stored as JSON beside an event. */
export type EventDetail = Record<string, unknown>;

export interface ShutdownStart {
  reason: ShutdownReason;
  /** What asked for it: `SIGTERM`, `SIGINT`, `cli`, `second-signal`, ... */
  trigger: string;
  host: string;
  supervisorPid: number;
  startedAt: number;
}

export interface WorkerStopStart {
  worker: string;
  instance: number;
  pid: number;
  graceMs: number;
  drainMode: DrainMode;
}

/** Fields learned while a worker stops; a field that is given sets it, one left out keeps it. */
export interface WorkerStopPatch {
  drainSentAt?: number;
  drainedAt?: number;
  exitedAt?: number;
  exitCode?: number;
  signal?: string;
  outcome?: StopOutcome;
  inflightAtDrain?: number;
  report?: DrainReport;
}

export interface TimelineEventInput {
  /** The shutdown's id; null (the store was unusable when it began) records nothing. */
  shutdownId: number | null;
  /** The worker stop it belongs to; left out or null for supervisor-level events. */
  stopId?: number | null;
  worker?: string;
  instance?: number;
  at: number;
  kind: TimelineKind;
  detail?: EventDetail | undefined;
}

export interface ShutdownFinish {
  finishedAt: number;
  outcome: ShutdownOutcome;
}

export interface LifecycleEventInput {
  at: number;
  worker: string;
  instance: number;
  pid?: number;
  kind: LifecycleKind;
  detail?: EventDetail | undefined;
}

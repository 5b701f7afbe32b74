// What readers get back: plain JSON-ready objects (the CLI prints them as they are with --json).
// Timestamps are ISO-8601 strings with milliseconds; unknown values are null.
import type { DrainMode, ShutdownOutcome, ShutdownReason, StopOutcome } from './types.js';

/** One worker instance's stop, as listed with its shutdown. */
export interface WorkerStopSummary {
  name: string;
  instance: number;
  pid: number;
  /** Null while the worker is still stopping. */
  outcome: StopOutcome | null;
  graceMs: number;
  inflightAtDrain: number | null;
  /** From the drain message to the exit. */
  drainMs: number | null;
  exitCode: number | null;
  signal: string | null;
}

export interface ShutdownSummary {
  id: number;
  reason: ShutdownReason;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  outcome: ShutdownOutcome | null;
  workers: WorkerStopSummary[];
}

/** A worker stop with everything recorded about it. */
export interface WorkerStopDetail extends WorkerStopSummary {
  drainMode: DrainMode;
  drainSentAt: string | null;
  drainedAt: string | null;
  exitedAt: string | null;
  /** The worker's drain report as it sent it; null when it sent none. */
  report: Record<string, unknown> | null;
}

/** One point of a shutdown's timeline. */
export interface TimelineEvent {
  /** Milliseconds since the shutdown started. */
  offsetMs: number;
  at: string;
  /** Null for the supervisor's own steps. */
  worker: string | null;
  instance: number | null;
  kind: string;
  detail: Record<string, unknown>;
}

export interface ShutdownDetail extends Omit<ShutdownSummary, 'workers'> {
  host: string;
  supervisorPid: number;
  workers: WorkerStopDetail[];
  /** In time order. */
  events: TimelineEvent[];
}

/** One worker lifecycle event (spawn, ready, exit, crash, ...). */
export interface LifecycleEntry {
  id: number;
  at: string;
  worker: string;
  instance: number;
  pid: number | null;
  kind: string;
  detail: Record<string, unknown>;
}

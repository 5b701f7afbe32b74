// The IPC protocol (version 1) between the supervisor and its workers. Both sides import these
// types; docs/protocol.md describes the same messages for workers written in other languages.

export const PROTOCOL_VERSION = 1;

/** Why a worker is asked to drain. */
export const DRAIN_REASONS = [
  'shutdown',
  'reload',
  'restart',
  'memory-limit',
  'unresponsive',
] as const;
export type DrainReason = (typeof DRAIN_REASONS)[number];

/** The steps a worker reports while it drains, in the order they normally happen. */
export const PROGRESS_PHASES = [
  'drain-received',
  'http-closed',
  'http-idle',
  'tasks-done',
  'transactions',
  'resource-closed',
] as const;
export type ProgressPhase = (typeof PROGRESS_PHASES)[number];

export interface DrainMessage {
  supervisor: 1;
  type: 'drain';
  shutdownId: string;
  reason: DrainReason;
  /** Epoch milliseconds at which the supervisor escalates to signals. */
  deadline: number;
  graceMs: number;
}

export interface ReadyMessage {
  supervisor: 1;
  type: 'ready';
}

export interface HeartbeatMessage {
  supervisor: 1;
  type: 'heartbeat';
}

export interface ProgressMessage {
  supervisor: 1;
  type: 'progress';
  phase: ProgressPhase;
  /** Epoch milliseconds, taken in the worker. */
  at: number;
  detail: Record<string, unknown>;
}

export interface DrainedMessage {
  supervisor: 1;
  type: 'drained';
  report: DrainReport;
}

export type SupervisorMessage = DrainMessage;
export type WorkerMessage = ReadyMessage | HeartbeatMessage | ProgressMessage | DrainedMessage;

/** A request that was still running when the drain's deadline cut it off. */
export interface CutRequest {
  method: string;
  path: string;
  ageMs: number;
}

export interface HttpReport {
  /** Requests in flight when the drain began. */
  inflightAtDrain: number;
  /** Requests that finished while draining (including ones that arrived on open sockets). */
  completedDuringDrain: number;
  /** Sockets destroyed at the deadline instead of being closed politely. */
  socketsForced: number;
  cutRequests: CutRequest[];
  /** Responses closed before they finished (the client went away, or a pipelined request lost). */
  abortedDuringDrain?: number;
  /** HTTP/2 sessions open when the drain began (each sent GOAWAY), and those destroyed. */
  http2Sessions?: { atDrain: number; forced: number };
}

/** Connections upgraded away from HTTP on tracked servers (WebSockets, or by hand). */
export interface UpgradedReport {
  atDrain: number;
  /** Closed by their peer or their application before the deadline. */
  closed: number;
  /** Destroyed at the deadline. */
  forced: number;
}

/** Clients of tracked `ws` servers: each was sent close code 1001 when the drain began. */
export interface WebSocketReport {
  atDrain: number;
  /** Finished the close handshake in time. */
  closed: number;
  /** Terminated after the close timeout or at the deadline. */
  terminated: number;
}

/** Transactions run through `worker.transaction()`, and those a closed SQLite handle held. */
export interface TransactionReport {
  openAtDrain: number;
  /** Ended during the drain by COMMIT. */
  committed: number;
  /** Ended during the drain by ROLLBACK, including those rolled back at the deadline. */
  rolledBack: number;
  /** Still open at the deadline, so rolled back by the SDK (their session was ended). */
  rolledBackAtDeadline: number;
  /** Still open when the report was sent: the SDK could not end them. */
  open: number;
}

/** A query still running at its pool's timeout, which the SDK cancelled. */
export interface CancelledQuery {
  resource: string;
  /** The query text, cut to 200 characters. */
  query: string;
  /** How long it had been running when it was cancelled. */
  runningMs: number;
}

export type StepOutcome = 'done' | 'failed' | 'timed-out';

/** How one task or resource ended during the drain. */
export interface StepReport {
  name: string;
  outcome: StepOutcome;
  durationMs: number;
  error?: string;
}

export interface DrainReport {
  reason: DrainReason;
  /** Epoch milliseconds at which the worker began draining. */
  startedAt: number;
  durationMs: number;
  http: HttpReport;
  tasks: StepReport[];
  resources: StepReport[];
  /** Present when a tracked server saw upgraded connections. */
  upgraded?: UpgradedReport;
  /** Present when `trackWebSocketServer()` was used. */
  webSockets?: WebSocketReport;
  /** Present when a database was tracked. */
  transactions?: TransactionReport;
  /** Present when a database was tracked: queries cancelled while closing it. */
  queries?: CancelledQuery[];
  /** True when nothing was cut off, timed out, failed, forced, cancelled or rolled back late. */
  clean: boolean;
}

export function isDrainReason(value: unknown): value is DrainReason {
  return typeof value === 'string' && (DRAIN_REASONS as readonly string[]).includes(value);
}

export function isProgressPhase(value: unknown): value is ProgressPhase {
  return typeof value === 'string' && (PROGRESS_PHASES as readonly string[]).includes(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for anything that claims to be ours, valid or not; other channel traffic is ignored. */
export function isProtocolMessage(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && 'supervisor' in value;
}

/**
 * Returns the message when it is a well-formed supervisor-to-worker message, or a string saying
 * what is wrong with it. Callers check `isProtocolMessage` first.
 */
export function parseSupervisorMessage(value: Record<string, unknown>): SupervisorMessage | string {
  if (value.supervisor !== PROTOCOL_VERSION) return `unsupported protocol version`;
  if (value.type !== 'drain') return `unknown message type`;
  if (typeof value.shutdownId !== 'string') return 'drain.shutdownId must be a string';
  if (!isDrainReason(value.reason)) return 'drain.reason is not a known reason';
  if (!isFiniteNumber(value.deadline)) return 'drain.deadline must be a number';
  if (!isFiniteNumber(value.graceMs)) return 'drain.graceMs must be a number';
  return {
    supervisor: 1,
    type: 'drain',
    shutdownId: value.shutdownId,
    reason: value.reason,
    deadline: value.deadline,
    graceMs: value.graceMs,
  };
}

/**
 * Returns the message when it is a well-formed worker-to-supervisor message, or a string saying
 * what is wrong with it. The report's inner fields are kept as sent: the supervisor stores them
 * and reads only what it needs, defensively.
 */
export function parseWorkerMessage(value: Record<string, unknown>): WorkerMessage | string {
  if (value.supervisor !== PROTOCOL_VERSION) return 'unsupported protocol version';
  switch (value.type) {
    case 'ready':
    case 'heartbeat':
      return { supervisor: 1, type: value.type };
    case 'progress':
      if (!isProgressPhase(value.phase)) return 'progress.phase is not a known phase';
      if (!isFiniteNumber(value.at)) return 'progress.at must be a number';
      if (value.detail !== undefined && !isRecord(value.detail)) {
        return 'progress.detail must be an object';
      }
      return {
        supervisor: 1,
        type: 'progress',
        phase: value.phase,
        at: value.at,
        detail: value.detail ?? {},
      };
    case 'drained':
      if (!isRecord(value.report)) return 'drained.report must be an object';
      return { supervisor: 1, type: 'drained', report: value.report as unknown as DrainReport };
    default:
      return 'unknown message type';
  }
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

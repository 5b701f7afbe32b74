// What every server tracker (HTTP/1, HTTP/2) does during a drain, and how their results add up.
import type { CutRequest, UpgradedReport } from './protocol.js';

/** What one tracker saw during one drain. */
export interface HttpDrainResult {
  inflightAtDrain: number;
  completedDuringDrain: number;
  abortedDuringDrain: number;
  socketsForced: number;
  cutRequests: CutRequest[];
  upgraded: UpgradedReport;
  http2Sessions?: { atDrain: number; forced: number };
}

export interface ServerTracker {
  /** Stops accepting and starts retiring connections; returns the number of requests in flight. */
  startDrain(): number;
  /** Resolves once nothing is in flight and every connection is closed. */
  waitIdle(): Promise<void>;
  /** Destroys whatever is left and says what it was. */
  forceClose(): HttpDrainResult;
  /** What the drain did so far, with nothing forced. */
  result(): HttpDrainResult;
}

/** Sees each request with its response, for per-request signals. */
export type RequestObserver = (req: object, res: NodeJS.EventEmitter) => void;

export interface RequestInfo {
  method: string;
  path: string;
  startedAt: number;
}

const MAX_PATH_LENGTH = 200;

/** The path without its query string (which may carry secrets), cut to a sensible length. */
export function pathOf(url: string | undefined): string {
  const path = (url ?? '').split('?')[0] ?? '';
  return path.length > MAX_PATH_LENGTH ? `${path.slice(0, MAX_PATH_LENGTH)}…` : path;
}

export function cutRequestsOf(requests: Iterable<RequestInfo>, now: number): CutRequest[] {
  return [...requests].map(({ method, path, startedAt }) => ({
    method,
    path,
    ageMs: now - startedAt,
  }));
}

function sum(results: HttpDrainResult[], pick: (result: HttpDrainResult) => number): number {
  return results.reduce((total, result) => total + pick(result), 0);
}

export function mergeHttpResults(results: HttpDrainResult[]): HttpDrainResult {
  const sessions = results.flatMap((result) => (result.http2Sessions ? [result] : []));
  return {
    inflightAtDrain: sum(results, (r) => r.inflightAtDrain),
    completedDuringDrain: sum(results, (r) => r.completedDuringDrain),
    abortedDuringDrain: sum(results, (r) => r.abortedDuringDrain),
    socketsForced: sum(results, (r) => r.socketsForced),
    cutRequests: results.flatMap((r) => r.cutRequests),
    upgraded: {
      atDrain: sum(results, (r) => r.upgraded.atDrain),
      closed: sum(results, (r) => r.upgraded.closed),
      forced: sum(results, (r) => r.upgraded.forced),
    },
    ...(sessions.length > 0 && {
      http2Sessions: {
        atDrain: sum(sessions, (r) => r.http2Sessions?.atDrain ?? 0),
        forced: sum(sessions, (r) => r.http2Sessions?.forced ?? 0),
      },
    }),
  };
}

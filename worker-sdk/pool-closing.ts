// What the pool adapters share: the order of closing a pool (wait for borrowed connections,
// cancel what still runs, end the pool) and the outcome that reports it.
import { Deadline, pollUntil, raceTimeout, TIMED_OUT } from './deadline.js';
import type { ResourceOutcome } from './managed-resource.js';
import type { CancelledQuery } from './protocol.js';

/** Time kept after cancelling queries for their connections to come back and the pool to end. */
export const CANCEL_GRACE_MS = 1000;
export const DEFAULT_POOL_TIMEOUT_MS = 5000;
const MAX_QUERY_LENGTH = 200;

/** What a pool adapter does at each step of closing its pool. */
export interface PoolSteps {
  name: string;
  timeoutMs: number;
  /** True when no connection is borrowed and nobody waits for one. */
  isIdle(): boolean;
  /** How many connections are still borrowed. */
  borrowed(): number;
  /** Cancels the queries running on borrowed connections; returns what it cancelled. */
  cancelRunning(): Promise<CancelledQuery[]>;
  /** Ends the sessions of connections never given back, so the server drops their locks. */
  endLeakedSessions(): Promise<void>;
  end(): Promise<void>;
}

/** Query text on one line, cut to a length that fits a report and a terminal. */
export function shortQuery(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_QUERY_LENGTH ? `${line.slice(0, MAX_QUERY_LENGTH)}…` : line;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Closes a pool under its timeout, never past `deadline`; never throws. */
export async function closePool(steps: PoolSteps, deadline: Deadline): Promise<ResourceOutcome> {
  const startedAt = Date.now();
  const stepDeadline = new Deadline(
    Math.min(deadline.at, startedAt + steps.timeoutMs + CANCEL_GRACE_MS),
  );
  const cancelAfterMs = stepDeadline.earlierBy(CANCEL_GRACE_MS).remainingMs();
  let queries: CancelledQuery[] = [];
  if (!(await pollUntil(() => steps.isIdle(), cancelAfterMs))) {
    queries = await steps.cancelRunning().catch(() => []);
    await pollUntil(() => steps.isIdle(), stepDeadline.earlierBy(100).remainingMs());
  }
  const leaked = steps.borrowed();
  if (leaked > 0) {
    // A queued request may have taken a connection freed by the first cancel: name its query
    // too, before its session is ended with the others.
    queries.push(...(await steps.cancelRunning().catch(() => [])));
    await steps.endLeakedSessions().catch(() => undefined);
  }

  const ending = steps.end().then(
    () => undefined,
    (error: unknown) => errorText(error),
  );
  const ended = await raceTimeout(ending, stepDeadline.remainingMs());
  const durationMs = Date.now() - startedAt;
  const report = { name: steps.name, durationMs };
  if (ended === TIMED_OUT) {
    const error = `${leaked} connection(s) never given back to the pool`;
    return { report: { ...report, outcome: 'timed-out', error }, queries };
  }
  if (typeof ended === 'string') {
    return { report: { ...report, outcome: 'failed', error: ended }, queries };
  }
  return { report: { ...report, outcome: 'done' }, queries };
}

// What the resource step closes: plain close functions from addResource(), and database
// adapters, which report more than an outcome (cancelled queries, rolled-back transactions).
import type { Deadline } from './deadline.js';
import type { CancelledQuery, StepReport } from './protocol.js';
import { closeResource, type CloseFunction } from './steps.js';

export interface ResourceOutcome {
  report: StepReport;
  queries?: CancelledQuery[];
  /** Transactions this resource rolled back because they were still open when it closed. */
  rolledBack?: number;
}

export interface ManagedResource {
  readonly name: string;
  /** The most its close may take: its claim on the budget held back for closing. */
  readonly budgetMs: number;
  /** Closes within `deadline` (and within budgetMs); never throws. */
  close(deadline: Deadline): Promise<ResourceOutcome>;
}

/** A resource closed by the application's own function, under its timeout. */
export function functionResource(
  name: string,
  close: CloseFunction,
  timeoutMs: number,
): ManagedResource {
  return {
    name,
    budgetMs: timeoutMs,
    async close(deadline) {
      const ms = Math.min(timeoutMs, deadline.remainingMs());
      return { report: await closeResource(name, close, ms) };
    },
  };
}

// Background tasks and resources: how each is run or closed, and how its outcome is reported.
import type { StepReport } from './protocol.js';
import { raceTimeout, TIMED_OUT } from './deadline.js';

export type TaskFunction = (signal: AbortSignal) => unknown;
export type CloseFunction = () => unknown;

/** A background loop started by `addTask`; its promise settles when the loop returns. */
export interface RunningTask {
  name: string;
  startedAt: number;
  settled: Promise<StepReport>;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An abort surfacing as a rejection is how a loop is expected to stop, not a failure. */
function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** Calls fn now (an async function runs synchronously up to its first await); a throw rejects. */
async function invoke<T>(fn: () => T): Promise<Awaited<T>> {
  return await fn();
}

/**
 * Starts the task synchronously, so it is listening on the signal before any drain can abort
 * it; its outcome is computed when it settles, whenever that is.
 */
export function startTask(name: string, fn: TaskFunction, signal: AbortSignal): RunningTask {
  const startedAt = Date.now();
  const settled = invoke(() => fn(signal)).then(
    (): StepReport => ({ name, outcome: 'done', durationMs: 0 }),
    (error: unknown): StepReport =>
      isAbortError(error)
        ? { name, outcome: 'done', durationMs: 0 }
        : { name, outcome: 'failed', durationMs: 0, error: errorText(error) },
  );
  return { name, startedAt, settled };
}

/**
 * Waits for a task up to `ms`. Durations count from the drain's start: that is how long the task
 * held the drain open, which is what an operator wants to know.
 */
export async function awaitTask(
  task: RunningTask,
  drainStartedAt: number,
  ms: number,
): Promise<StepReport> {
  const result = await raceTimeout(task.settled, ms);
  const durationMs = Date.now() - drainStartedAt;
  if (result === TIMED_OUT) {
    return { name: task.name, outcome: 'timed-out', durationMs };
  }
  return { ...result, durationMs };
}

/** Closes one resource under its timeout; never throws. */
export async function closeResource(
  name: string,
  close: CloseFunction,
  ms: number,
): Promise<StepReport> {
  const startedAt = Date.now();
  const closing = invoke(close).then(
    () => undefined,
    (error: unknown) => ({ error: errorText(error) }),
  );
  const result = await raceTimeout(closing, ms);
  const durationMs = Date.now() - startedAt;
  if (result === TIMED_OUT) return { name, outcome: 'timed-out', durationMs };
  if (result) return { name, outcome: 'failed', durationMs, error: result.error };
  return { name, outcome: 'done', durationMs };
}

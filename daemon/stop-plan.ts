// The order in which a stop drains the workers, and how long it may take at worst. A worker that
// others depend on drains after them; workers in the same step drain in parallel.

/** What the plan needs of a worker's config. */
export interface PlanWorker {
  name: string;
  instances: number;
  graceMs: number;
  killTimeoutMs: number;
  /** Workers this one needs; read defensively, since configs may not have the field at all. */
  dependsOn?: readonly string[];
}

export interface PlannedWorker {
  name: string;
  instances: number;
  graceMs: number;
  killTimeoutMs: number;
  /** When killSignal is sent, from the start of the stop, if every earlier step ran late. */
  deadlineMs: number;
  /** When SIGKILL is sent, on the same terms. */
  sigkillMs: number;
}

export interface StopStep {
  /** From the start of the stop, if every earlier step took its worst case. */
  startsAtMs: number;
  /** The slowest worker's grace plus kill timeout. */
  worstCaseMs: number;
  workers: PlannedWorker[];
}

export interface StopPlan {
  steps: StopStep[];
  /** The sum of every step's worst case. */
  worstCaseMs: number;
}

/** The names a worker depends on; anything that is not a list of strings counts as none. */
export function dependenciesOf(worker: PlanWorker): string[] {
  const value: unknown = worker.dependsOn;
  if (!Array.isArray(value)) return [];
  return value.filter((name): name is string => typeof name === 'string');
}

/**
 * Groups the workers into steps: first those no remaining worker depends on, and so on. Config
 * validation rejects cycles and unknown names; should either get here anyway, unknown names are
 * ignored and the workers caught in a cycle share one last step.
 */
function groupIntoSteps<Worker extends PlanWorker>(workers: readonly Worker[]): Worker[][] {
  const steps: Worker[][] = [];
  let remaining = [...workers];
  while (remaining.length > 0) {
    const neededByRemaining = new Set(remaining.flatMap(dependenciesOf));
    const step = remaining.filter((worker) => !neededByRemaining.has(worker.name));
    const next = step.length > 0 ? step : remaining;
    steps.push(next);
    remaining = remaining.filter((worker) => !next.includes(worker));
  }
  return steps;
}

function planWorker(worker: PlanWorker, startsAtMs: number): PlannedWorker {
  const { name, instances, graceMs, killTimeoutMs } = worker;
  const deadlineMs = startsAtMs + graceMs;
  return {
    name,
    instances,
    graceMs,
    killTimeoutMs,
    deadlineMs,
    sigkillMs: deadlineMs + killTimeoutMs,
  };
}

/** The stop plan of a config's workers, in config order within each step. */
export function planStop(workers: readonly PlanWorker[]): StopPlan {
  const steps: StopStep[] = [];
  let startsAtMs = 0;
  for (const group of groupIntoSteps(workers)) {
    const worstCaseMs = Math.max(...group.map((worker) => worker.graceMs + worker.killTimeoutMs));
    steps.push({ startsAtMs, worstCaseMs, workers: group.map((w) => planWorker(w, startsAtMs)) });
    startsAtMs += worstCaseMs;
  }
  return { steps, worstCaseMs: startsAtMs };
}

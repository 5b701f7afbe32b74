// dependsOn names other workers and must not loop: a cycle would leave no worker to start first
// and none to drain last.
import type { ConfigProblem } from './config-error.js';
import { formatFieldPath } from './format-field-path.js';
import { suggestName } from './suggest-name.js';
import type { WorkerConfig } from './types.js';

type DependencyWorker = Pick<WorkerConfig, 'name' | 'dependsOn'>;

/** A problem for each unknown or self name in a dependsOn, and one per dependency cycle. */
export function findDependencyProblems(workers: readonly DependencyWorker[]): ConfigProblem[] {
  const names = workers.map((worker) => worker.name);
  const problems = workers.flatMap((worker, index) =>
    worker.dependsOn.flatMap((name, position) => {
      const path = formatFieldPath(['workers', index, 'dependsOn', position]);
      const message = describeBadDependency(worker.name, name, names);
      return message === undefined ? [] : [{ path, message }];
    }),
  );
  for (const cycle of findCycles(workers)) {
    const index = names.indexOf(cycle[0]!);
    const path = formatFieldPath(['workers', index, 'dependsOn']);
    problems.push({ path, message: `dependency cycle: ${cycle.join(' -> ')}` });
  }
  return problems;
}

function describeBadDependency(
  worker: string,
  name: string,
  names: readonly string[],
): string | undefined {
  if (name === worker) return 'a worker cannot depend on itself';
  if (names.includes(name)) return undefined;
  const suggestion = suggestName(name, names);
  const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
  return `unknown worker "${name}"${hint}`;
}

/**
 * Each cycle once, as the names along it with the first repeated at the end (`a -> b -> a`),
 * found by a depth-first walk that keeps the path it is on.
 */
function findCycles(workers: readonly DependencyWorker[]): string[][] {
  const needs = new Map(workers.map((worker) => [worker.name, worker.dependsOn]));
  const done = new Set<string>();
  const cycles: string[][] = [];
  const walk = (name: string, path: string[]): void => {
    const seenAt = path.indexOf(name);
    if (seenAt !== -1) {
      cycles.push([...path.slice(seenAt), name]);
      return;
    }
    if (done.has(name) || !needs.has(name)) return;
    for (const next of needs.get(name) ?? []) if (next !== name) walk(next, [...path, name]);
    done.add(name);
  };
  for (const worker of workers) walk(worker.name, []);
  return cycles;
}

// The checks a schema cannot make: unique names, dependencies that exist and do not loop,
// settings that depend on each other, and paths that exist on this machine.
import { stat } from 'node:fs/promises';

import { ConfigError, type ConfigProblem } from './config-error.js';
import { findDependencyProblems } from './find-dependency-problems.js';
import { formatFieldPath } from './format-field-path.js';
import type { WorkerConfig } from './types.js';

// Below this a heartbeat would have to be sent every few milliseconds.
const MIN_HEARTBEAT_TIMEOUT_MS = 100;

/** Throws an ERR_CONFIG_INVALID ConfigError listing every problem of the workers together. */
export async function validateWorkers(
  workers: readonly WorkerConfig[],
  file: string,
): Promise<void> {
  const pathProblems = await Promise.all(workers.map(findPathProblems));
  const problems = [
    ...findDuplicateNames(workers),
    ...findDependencyProblems(workers),
    ...workers.flatMap(findSettingProblems),
    ...pathProblems.flat(),
  ];
  if (problems.length > 0) throw new ConfigError('ERR_CONFIG_INVALID', file, problems);
}

// Names become file names, and `web.log` and `Web.log` are one file on macOS and Windows, so
// names that differ only in case count as duplicates.
function findDuplicateNames(workers: readonly WorkerConfig[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const firstWith = new Map<string, { index: number; name: string }>();
  workers.forEach(({ name }, index) => {
    const key = name.toLowerCase();
    const first = firstWith.get(key);
    if (first === undefined) {
      firstWith.set(key, { index, name });
      return;
    }
    const path = formatFieldPath(['workers', index, 'name']);
    problems.push({ path, message: describeDuplicateName(name, first) });
  });
  return problems;
}

function describeDuplicateName(name: string, first: { index: number; name: string }): string {
  const other = formatFieldPath(['workers', first.index, 'name']);
  if (first.name === name) return `duplicate worker name "${name}" (also ${other})`;
  const rule = 'names must differ in more than case';
  return `duplicate worker name "${name}" (${other} is "${first.name}": ${rule})`;
}

function findSettingProblems(worker: WorkerConfig, index: number): ConfigProblem[] {
  const { heartbeatTimeoutMs } = worker;
  if (heartbeatTimeoutMs === 0 || heartbeatTimeoutMs >= MIN_HEARTBEAT_TIMEOUT_MS) return [];
  const path = formatFieldPath(['workers', index, 'heartbeatTimeoutMs']);
  const allowed = `must be 0 (off) or at least ${MIN_HEARTBEAT_TIMEOUT_MS}`;
  return [{ path, message: `${allowed} (got ${heartbeatTimeoutMs})` }];
}

// A missing cwd also hides the script, so the script is checked only in a cwd that exists.
async function findPathProblems(worker: WorkerConfig, index: number): Promise<ConfigProblem[]> {
  const cwdProblem = await describeEntryProblem(worker.cwd, 'directory');
  if (cwdProblem !== undefined) {
    return [{ path: formatFieldPath(['workers', index, 'cwd']), message: cwdProblem }];
  }
  const scriptProblem = await describeEntryProblem(worker.script, 'file');
  if (scriptProblem !== undefined) {
    return [{ path: formatFieldPath(['workers', index, 'script']), message: scriptProblem }];
  }
  return [];
}

async function describeEntryProblem(
  target: string,
  kind: 'file' | 'directory',
): Promise<string | undefined> {
  try {
    const stats = await stat(target);
    const isKind = kind === 'file' ? stats.isFile() : stats.isDirectory();
    return isKind ? undefined : `not a ${kind}: ${target}`;
  } catch (error: unknown) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT' || code === 'ENOTDIR') return `${kind} not found: ${target}`;
    return `cannot access ${target}: ${code ?? String(error)}`;
  }
}

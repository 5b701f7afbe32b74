// What `supervisor status` shows of each instance's process: state, uptime, cpu and memory from
// pidusage (read from /proc on Linux).
import type { Status } from 'pidusage';

import type { InstanceState, WorkerInstance } from './worker-instance.js';

export interface InstanceUsage {
  worker: string;
  instance: number;
  pid: number | null;
  state: InstanceState;
  /** Null for every figure when the process is not running (or vanished while sampled). */
  uptimeMs: number | null;
  cpuPercent: number | null;
  memoryBytes: number | null;
}

const NO_FIGURES = { uptimeMs: null, cpuPercent: null, memoryBytes: null };

type Figures = Pick<InstanceUsage, 'uptimeMs' | 'cpuPercent' | 'memoryBytes'>;

type Pidusage = typeof import('pidusage');

// pidusage is imported on the first sample, not at start-up: a daemon that nobody asks for its
// status, and whose workers have no memory limit, never loads it (footprint, docs/benchmarks.md).
let pidusage: Promise<Pidusage> | undefined;

/** One sample of a process's cpu and memory; rejects when the process is gone. */
export async function sampleProcess(pid: number): Promise<Status> {
  pidusage ??= import('pidusage').then((module) => module.default);
  return (await pidusage)(pid);
}

async function figuresOf(pid: number): Promise<Figures> {
  const stat = await sampleProcess(pid);
  return {
    uptimeMs: Math.round(stat.elapsed),
    // pidusage measures cpu since its previous sample of this pid (the first: since start).
    cpuPercent: Math.round(stat.cpu * 10) / 10,
    memoryBytes: stat.memory,
  };
}

async function usageOf(instance: WorkerInstance): Promise<InstanceUsage> {
  const base = {
    worker: instance.config.name,
    instance: instance.index,
    pid: instance.pid ?? null,
    state: instance.state,
  };
  if (!instance.isRunning || instance.pid === undefined) return { ...base, ...NO_FIGURES };
  try {
    return { ...base, ...(await figuresOf(instance.pid)) };
  } catch {
    return { ...base, ...NO_FIGURES }; // it exited between the check and the sample
  }
}

/** Samples every instance at once; one that cannot be sampled has null figures. */
export function sampleInstances(instances: readonly WorkerInstance[]): Promise<InstanceUsage[]> {
  return Promise.all(instances.map(usageOf));
}

/** Drops pidusage's per-pid history and its timer (nothing to drop when it was never loaded). */
export function clearUsageHistory(): void {
  void pidusage?.then((loaded) => loaded.clear());
}

// Bloated workers: with maxMemoryMb set, each instance's resident memory is sampled with pidusage
// every monitorIntervalMs, and an instance above the limit for two samples in a row is reported,
// once, so that it can be restarted gracefully.
import { clearUsageHistory, sampleProcess } from './instance-usage.js';
import type { WorkerInstance } from './worker-instance.js';

/** One sample over the limit may be a passing peak; two in a row are not. */
const SAMPLES_OVER_LIMIT = 2;
const BYTES_PER_MB = 1024 * 1024;

// Limitation: only the worker's own process is measured, not what it spawned; a worker whose
// children hold the memory is never restarted for it. Summing the process group would need a
// walk of /proc on every sample.
/** Samples a running instance until it exits; calls onOver once with its memory in MB. */
export function watchMemory(instance: WorkerInstance, onOver: (memoryMb: number) => void): void {
  const { maxMemoryMb, monitorIntervalMs } = instance.config;
  const pid = instance.pid;
  if (maxMemoryMb === 0 || pid === undefined) return;
  let overInARow = 0;
  let sampling = false;
  const sample = async () => {
    if (sampling || instance.state !== 'ready') return;
    sampling = true;
    try {
      const { memory } = await sampleProcess(pid);
      const memoryMb = Math.round(memory / BYTES_PER_MB);
      overInARow = memoryMb > maxMemoryMb ? overInARow + 1 : 0;
      if (overInARow >= SAMPLES_OVER_LIMIT && instance.state === 'ready') {
        stop();
        onOver(memoryMb);
      }
    } catch {
      // The process ended between two samples: its exit stops the watch.
    } finally {
      sampling = false;
    }
  };
  const timer = setInterval(() => void sample(), monitorIntervalMs);
  const stop = () => {
    clearInterval(timer);
    instance.off('exit', stop);
    clearUsageHistory();
  };
  instance.on('exit', stop);
}

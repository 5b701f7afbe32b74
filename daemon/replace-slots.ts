// The two graceful ways to replace running instances, each inside one history entry: a rolling
// reload (new instance first, `reloadBatch` at a time) and a restart (drain first, one at a time).
import type { ReplaceResult } from './replace-result.js';
import type { Shutdown } from './shutdown.js';
import type { WorkerSlot } from './worker-slot.js';

type Replace = (slot: WorkerSlot, shutdown: Shutdown) => Promise<boolean>;

function labelOf(slot: WorkerSlot): string {
  return `${slot.config.name}#${slot.index}`;
}

/** Replaces the slots batch by batch; the first batch with a failure ends the run. */
async function replaceInBatches(
  shutdown: Shutdown,
  batches: WorkerSlot[][],
  replace: Replace,
): Promise<ReplaceResult> {
  const replaced: string[] = [];
  for (const batch of batches) {
    const results = await Promise.all(batch.map((slot) => replace(slot, shutdown)));
    batch.forEach((slot, i) => results[i] && replaced.push(labelOf(slot)));
    const failedAt = batch.find((_, i) => !results[i]);
    if (failedAt) {
      const message =
        `${labelOf(failedAt)} did not become ready; ` +
        'the instances not yet replaced keep running';
      shutdown.log.error(
        { instance: labelOf(failedAt), replaced },
        'replacement not ready; stopped',
      );
      const outcome = shutdown.finish(true);
      const error = { code: 'ERR_NOT_READY' as const, message };
      return { ok: false, shutdownId: shutdown.record.shutdownId, outcome, replaced, error };
    }
  }
  const outcome = shutdown.finish();
  return { ok: true, shutdownId: shutdown.record.shutdownId, outcome, replaced };
}

function inBatchesOf<T>(items: T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}

/** Rolling reload of each worker's slots in turn, `reloadBatch` of a worker at a time. */
export function reloadSlots(shutdown: Shutdown, workers: WorkerSlot[][]): Promise<ReplaceResult> {
  const batches = workers.flatMap((slots) => inBatchesOf(slots, slots[0]?.config.reloadBatch ?? 1));
  return replaceInBatches(shutdown, batches, (slot, within) => slot.replaceStartFirst(within));
}

/** Restarts the slots one at a time, each drained before its new instance starts. */
export function restartSlots(shutdown: Shutdown, slots: WorkerSlot[]): Promise<ReplaceResult> {
  const batches = slots.map((slot) => [slot]);
  return replaceInBatches(shutdown, batches, (slot, within) => slot.replaceDrainFirst(within));
}

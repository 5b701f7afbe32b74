// The history room's public surface: the daemon writes through openHistory, the CLI reads
// through openHistoryReader.
export type { HeldOpen, WorkerDrainStats } from './drain-stats.js';
export { HistoryError, type HistoryErrorCode } from './history-error.js';
export { historyPath } from './history-path.js';
export {
  HistoryReader,
  openHistoryReader,
  type LifecycleListOptions,
  type ListOptions,
} from './history-reader.js';
export {
  HistoryWriter,
  openHistory,
  type HistoryWriterOptions,
  type HistoryWriterStats,
} from './history-writer.js';
export { SCHEMA_VERSION } from './migrations.js';
export type * from './types.js';
export type * from './views.js';

export type { DrainMode, SupervisorConfig, WorkerConfig } from './types.js';

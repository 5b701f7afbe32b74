// The daemon's public surface, used by the CLI.
export { createLogger, type Logger } from './logger.js';
export type { ReplaceErrorCode, ReplaceResult } from './replace-result.js';
export { runDaemon } from './run-daemon.js';
export { StateLockError } from './state-lock.js';
export {
  dependenciesOf,
  planStop,
  type PlannedWorker,
  type PlanWorker,
  type StopPlan,
  type StopStep,
} from './stop-plan.js';
export { Supervisor } from './supervisor.js';

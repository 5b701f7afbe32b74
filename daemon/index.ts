// The daemon's public surface, used by the CLI.
export { createLogger, type Logger } from './logger.js';
export { runDaemon } from './run-daemon.js';
export {
  dependenciesOf,
  planStop,
  type PlannedWorker,
  type PlanWorker,
  type StopPlan,
  type StopStep,
} from './stop-plan.js';

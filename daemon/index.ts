// The daemon's public surface, used by the CLI.
export {
  CONTROL_ERROR_CODES,
  controlSocketPath,
  ControlSocketError,
  DaemonRunningError,
  throwOnUnusableSocketPath,
  isSocketAnswering,
  MAX_BAD_FRAMES,
  MAX_FRAME_BYTES,
  type ControlErrorCode,
  type ControlEvent,
  type ControlReply,
  type EventFrame,
  type InstanceStatus,
  type OperationResult,
  type StatusSnapshot,
  type StopResult,
  type Topic,
} from './control/index.js';
export { createLogger, type Logger } from './logger.js';
export { logsDir, workerLogPath } from './logs/index.js';
export type { ReplaceErrorCode, ReplaceResult } from './replace-result.js';
export { runDaemon, type RunDaemonOptions } from './run-daemon.js';
export { StateDirUnusableError, StateLockError } from './state-lock.js';
export {
  dependenciesOf,
  planStop,
  type PlannedWorker,
  type PlanWorker,
  type StopPlan,
  type StopStep,
} from './stop-plan.js';
export { Supervisor } from './supervisor.js';

// Worker log capture: the daemon installs WorkerLogs; the CLI reads the files it writes.
export {
  captureOutput,
  setOutputSink,
  type OutputLine,
  type OutputSource,
  type OutputStream,
} from './capture-output.js';
export { logsDir, workerLogPath } from './log-paths.js';
export { DEFAULT_ROTATION, type RotationOptions } from './rotating-file.js';
export { WorkerLogs, type WorkerLogsOptions } from './worker-logs.js';

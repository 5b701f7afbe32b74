// The daemon's public surface, used by the CLI.
export { createLogger, type Logger } from './logger.js';
export { runDaemon } from './run-daemon.js';

// The worker SDK: what a worker process imports to drain properly. No runtime dependencies.
export { createWorker, isSupervised } from './create-worker.js';
export type { WorkerLogger, WorkerOptions } from './create-worker.js';
export type { TrackServerOptions } from './http-tracker.js';
export type {
  MysqlConnectionLike,
  MysqlPoolLike,
  TrackMysqlPoolOptions,
} from './mysql-pool-tracker.js';
export type { PgClientLike, PgPoolLike, TrackPgPoolOptions } from './pg-pool-tracker.js';
export type { SqliteDatabaseLike, TrackSqliteOptions } from './sqlite-tracker.js';
export type { CloseFunction, TaskFunction } from './steps.js';
export { WorkerError } from './validate.js';
export type {
  TrackWebSocketServerOptions,
  WebSocketLike,
  WebSocketServerLike,
} from './websocket-tracker.js';
export { Worker } from './worker.js';
export type { DrainRequest, ResourceOptions, WorkerState } from './worker.js';
export * from './protocol.js';

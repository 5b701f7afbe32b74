// The worker SDK: what a worker process imports to drain properly.
export * from './protocol.js';

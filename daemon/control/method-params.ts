// Each method's params, checked once at the edge: wrong params are an ERR_INVALID_PARAMS reply
// naming the field and what it should be.
import { ControlError } from './control-error.js';
import { TOPICS, type Topic } from './control-protocol.js';

export interface StopParams {
  force: boolean;
}

export interface ReloadParams {
  names: string[] | undefined;
}

export interface RestartParams {
  name: string;
}

export interface SubscribeParams {
  topics: Topic[];
  /** Only events about this worker (shutdown events always pass). */
  worker: string | undefined;
}

// Worker names are validated by the config with this same rule (config/schema.json).
const WORKER_NAME = /^[A-Za-z0-9_-]{1,64}$/;

function invalid(message: string): ControlError {
  return new ControlError('ERR_INVALID_PARAMS', message);
}

function throwOnUnknownFields(params: Record<string, unknown>, known: string[]): void {
  const unknown = Object.keys(params).filter((key) => !known.includes(key));
  if (unknown.length > 0) throw invalid(`unknown params: ${unknown.join(', ')}`);
}

function workerName(value: unknown, field: string): string {
  if (typeof value !== 'string' || !WORKER_NAME.test(value)) {
    throw invalid(`${field} must be a worker name (1 to 64 letters, digits, '-' or '_')`);
  }
  return value;
}

export function parseNoParams(params: Record<string, unknown>): Record<string, never> {
  throwOnUnknownFields(params, []);
  return {};
}

export function parseStopParams(params: Record<string, unknown>): StopParams {
  throwOnUnknownFields(params, ['force']);
  if (params.force !== undefined && typeof params.force !== 'boolean') {
    throw invalid('force must be true or false');
  }
  return { force: params.force === true };
}

export function parseReloadParams(params: Record<string, unknown>): ReloadParams {
  throwOnUnknownFields(params, ['names']);
  if (params.names === undefined) return { names: undefined };
  if (!Array.isArray(params.names) || params.names.length === 0) {
    throw invalid('names must be a non-empty list of worker names when given');
  }
  return { names: params.names.map((name, index) => workerName(name, `names[${index}]`)) };
}

export function parseRestartParams(params: Record<string, unknown>): RestartParams {
  throwOnUnknownFields(params, ['name']);
  return { name: workerName(params.name, 'name') };
}

function isTopic(value: unknown): value is Topic {
  return typeof value === 'string' && Object.hasOwn(TOPICS, value);
}

export function parseSubscribeParams(params: Record<string, unknown>): SubscribeParams {
  throwOnUnknownFields(params, ['topics', 'worker']);
  const topics = params.topics ?? ['state', 'drain'];
  const known = Object.keys(TOPICS).join(', ');
  if (!Array.isArray(topics) || topics.length === 0 || !topics.every(isTopic)) {
    throw invalid(`topics must be a non-empty list of: ${known}`);
  }
  const worker = params.worker === undefined ? undefined : workerName(params.worker, 'worker');
  return { topics: [...new Set(topics)], worker };
}

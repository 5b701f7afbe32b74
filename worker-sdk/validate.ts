// Checks on what applications pass to the SDK, done once at the edge so inner code can trust it.
import { Server as NetServer } from 'node:net';

/** An error with a stable code that applications can match on. */
export class WorkerError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'WorkerError';
    this.code = code;
  }
}

const MAX_TIMEOUT_MS = 24 * 60 * 60 * 1000;

/** Throws unless `value` has every method named: how the database adapters check duck types. */
export function validateMethods(label: string, value: unknown, methods: string[]): void {
  const candidate = value as Record<string, unknown> | null;
  const missing = methods.filter((method) => typeof candidate?.[method] !== 'function');
  if (missing.length > 0) {
    throw new TypeError(`${label}: missing method(s) ${missing.join(', ')}`);
  }
}

export function validateName(kind: string, name: unknown): void {
  if (typeof name !== 'string' || name.length === 0) {
    throw new TypeError(`${kind} name must be a non-empty string (got ${typeof name})`);
  }
}

/** Timers fire at once above 2^31 ms, so a huge timeout would act as none at all. */
export function validateTimeout(label: string, ms: unknown): void {
  if (typeof ms !== 'number' || !Number.isInteger(ms)) {
    throw new TypeError(`${label} must be an integer number of milliseconds (got ${String(ms)})`);
  }
  if (ms < 0 || ms > MAX_TIMEOUT_MS) {
    throw new RangeError(`${label} must be between 0 and ${MAX_TIMEOUT_MS} (got ${ms})`);
  }
}

/** node:http, node:https and node:http2 servers are all node:net servers. */
export function validateServer(server: unknown): void {
  if (!(server instanceof NetServer)) {
    throw new TypeError('trackServer() needs a node:http, node:https or node:http2 server');
  }
}

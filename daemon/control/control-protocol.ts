// The control protocol's frames: one JSON text frame per request, reply or event. See
// docs/control-protocol.md for the same as a reference for clients in other languages.
import { ControlError, type ControlErrorCode } from './control-error.js';
import type { ControlEvent, ControlEventType } from './control-target.js';

/** Frames larger than this close the connection (WebSocket code 1009). */
export const MAX_FRAME_BYTES = 64 * 1024;

export type RequestId = string | number;

export interface ControlRequest {
  id: RequestId;
  method: string;
  params: Record<string, unknown>;
}

export type ControlReply =
  | { id: RequestId; result: unknown }
  | { id: RequestId | null; error: { code: ControlErrorCode; message: string } };

export interface EventFrame {
  event: ControlEvent;
}

/** What a subscriber can ask for, and which events each topic carries. */
export const TOPICS = {
  state: ['worker-state', 'shutdown-started', 'shutdown-finished'],
  drain: ['drain-progress'],
  logs: ['log'],
} as const satisfies Record<string, readonly ControlEventType[]>;
export type Topic = keyof typeof TOPICS;

const MAX_ID_LENGTH = 64;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRequestId(value: unknown): value is RequestId {
  if (typeof value === 'string') return value.length > 0 && value.length <= MAX_ID_LENGTH;
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** The id of a frame that is JSON but not a valid request, if it has a usable one. */
function idOf(value: unknown): RequestId | null {
  return isRecord(value) && isRequestId(value.id) ? value.id : null;
}

export type ParsedFrame = ControlRequest | { id: RequestId | null; error: ControlError };

/** Parses one text frame into a request, or into the error to reply with. */
export function parseRequest(text: string): ParsedFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { id: null, error: new ControlError('ERR_PARSE', 'the frame is not valid JSON') };
  }
  const id = idOf(value);
  const invalid = (message: string) => ({
    id,
    error: new ControlError('ERR_INVALID_REQUEST', message),
  });
  if (!isRecord(value)) return invalid('a request must be a JSON object');
  if (id === null) {
    return invalid(`id must be a string of 1 to ${MAX_ID_LENGTH} characters or an integer`);
  }
  if (typeof value.method !== 'string') return invalid('method must be a string');
  if (value.params !== undefined && !isRecord(value.params)) {
    return invalid('params must be an object when given');
  }
  return { id, method: value.method, params: value.params ?? {} };
}

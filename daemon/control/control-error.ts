// Errors a control request can end with. The code travels to the client; the CLI matches on it.

export const CONTROL_ERROR_CODES = [
  /** The frame is not JSON. */
  'ERR_PARSE',
  /** JSON, but not a request: not an object, or no usable id or method. */
  'ERR_INVALID_REQUEST',
  'ERR_UNKNOWN_METHOD',
  'ERR_INVALID_PARAMS',
  /** The daemon knows the method but cannot do it (yet). */
  'ERR_NOT_SUPPORTED',
  /** The request is valid but cannot be carried out now, e.g. no such worker. */
  'ERR_REJECTED',
  /** The daemon failed while answering; its log says why. */
  'ERR_INTERNAL',
] as const;
export type ControlErrorCode = (typeof CONTROL_ERROR_CODES)[number];

/** Thrown by a ControlTarget or a params parser; becomes an error reply with the same code. */
export class ControlError extends Error {
  readonly code: ControlErrorCode;

  constructor(code: ControlErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ControlError';
    this.code = code;
  }
}

// The types of compiled-schema.cjs, which the build generates from schema.json (see
// compile-schema.ts): ajv's standalone validators, defaults filled in as they validate.
import type { ValidateFunction } from 'ajv';

/** Validates a whole config. */
export declare const validateConfig: ValidateFunction;
/** Validates only `stateDir`, and lets every other field through. */
export declare const validateStateDir: ValidateFunction;

// The type of compiled-schema.cjs, which the build generates from schema.json (see
// compile-schema.ts): ajv's standalone validator, defaults filled in as it validates.
import type { ValidateFunction } from 'ajv';

/** Validates a whole config. */
export declare const validateConfig: ValidateFunction;

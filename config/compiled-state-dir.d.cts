// The type of compiled-state-dir.cjs, which the build generates from schema.json (see
// compile-schema.ts): ajv's standalone validator, the default filled in as it validates.
import type { ValidateFunction } from 'ajv';

/** Validates only `stateDir`, and lets every other field through. */
export declare const validateStateDir: ValidateFunction;

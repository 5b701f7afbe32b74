// Turns ajv's errors into one plain sentence per real problem. The sentences are built from the
// schema node that failed and the value found there, not from ajv's wording, so that a field's
// type, enum and range errors all say the same thing: what is allowed and what was given.
import type { DefinedError, ErrorObject } from 'ajv';

import type { ConfigProblem } from './config-error.js';
import { formatFieldPath } from './format-field-path.js';
import { suggestName } from './suggest-name.js';

// The keywords of schema.json that the messages quote.
interface SchemaNode {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
  patternErrorMessage?: string;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
  properties?: Record<string, SchemaNode>;
}

type PathSegment = string | number;

/** One problem per field (plus one per missing or unknown field), in the order ajv found them. */
export function describeSchemaErrors(
  errors: readonly ErrorObject[],
  data: unknown,
): ConfigProblem[] {
  const problems = new Map<string, ConfigProblem>();
  // schema.json uses only ajv's own keywords (and one annotation), so each error is a DefinedError.
  for (const error of errors as DefinedError[]) {
    const problem = describeSchemaError(error, data);
    // A wrong value can fail several keywords (type and enum); they all describe one problem.
    // An object can miss several required fields, each its own problem.
    const key = error.keyword === 'required' ? `${problem.path}\n${problem.message}` : problem.path;
    if (!problems.has(key)) problems.set(key, problem);
  }
  return [...problems.values()];
}

function describeSchemaError(error: DefinedError, data: unknown): ConfigProblem {
  const segments = pointerToSegments(error.instancePath, data);
  const schema = (error.parentSchema ?? {}) as SchemaNode;
  if (error.keyword === 'required') {
    const message = `missing required field "${error.params.missingProperty}"`;
    return { path: formatFieldPath(segments), message };
  }
  if (error.keyword === 'additionalProperties') {
    const field = error.params.additionalProperty;
    const suggestion = suggestName(field, Object.keys(schema.properties ?? {}));
    const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
    return { path: formatFieldPath([...segments, field]), message: `unknown field${hint}` };
  }
  if (segments.length === 0 && error.keyword === 'type') {
    return {
      path: '',
      message: `the top level must be an object (got ${describeValue(error.data)})`,
    };
  }
  return { path: formatFieldPath(segments), message: describeBadValue(error, schema) };
}

function describeBadValue(error: DefinedError, schema: SchemaNode): string {
  const got = describeValue(error.data);
  if (schema.enum !== undefined) {
    const hint = suggestAllowedValue(error.data, schema.enum);
    return `must be one of ${schema.enum.join(', ')} (got ${got}${hint})`;
  }
  if (schema.type === 'integer' && schema.minimum !== undefined && schema.maximum !== undefined) {
    return `must be an integer between ${schema.minimum} and ${schema.maximum} (got ${got})`;
  }
  switch (error.keyword) {
    case 'type':
      return `must be ${describeType(schema)} (got ${got})`;
    case 'pattern':
      return `${schema.patternErrorMessage ?? `must match ${schema.pattern}`} (got ${got})`;
    case 'minLength':
    case 'minItems':
      if (error.params.limit === 1) return 'must not be empty';
  }
  return error.message ?? 'is not valid';
}

function suggestAllowedValue(value: unknown, allowed: unknown[]): string {
  if (typeof value !== 'string') return '';
  const names = allowed.filter((option) => typeof option === 'string');
  const suggestion = suggestName(value, names);
  return suggestion === undefined ? '' : `, did you mean "${suggestion}"?`;
}

function describeType(schema: SchemaNode): string {
  const { items, additionalProperties } = schema;
  if (schema.type === 'array' && items?.type !== undefined) return `an array of ${items.type}s`;
  if (schema.type === 'object' && typeof additionalProperties === 'object') {
    return `an object with ${additionalProperties.type ?? 'any'} values`;
  }
  return withArticle(schema.type ?? 'value');
}

function withArticle(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

// Strings are quoted, so `"30000"` and `30000` read differently.
function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(shorten(value));
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : 'an object';
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

// ajv points at `/workers/2/graceMs`; whether `2` is an index or a key depends on the data.
function pointerToSegments(pointer: string, data: unknown): PathSegment[] {
  const segments: PathSegment[] = [];
  let node = data;
  for (const token of pointer.split('/').slice(1)) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      segments.push(Number(key));
      node = node[Number(key)] as unknown;
    } else {
      segments.push(key);
      node = (node as Record<string, unknown>)[key];
    }
  }
  return segments;
}

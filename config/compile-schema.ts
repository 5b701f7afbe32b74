// The config's validators as JavaScript source, compiled from schema.json by ajv once, at build
// time: compiling the schema at run time cost every `supervisor` process that reads a config
// ~45 ms of CPU and a few MB of ajv's code generator (docs/benchmarks.md, issue #6).
import { readFileSync } from 'node:fs';

import { Ajv, type SchemaObject } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';

// From dist/config/ in this repository, the schema is at config/schema.json two levels up.
const SCHEMA_URL = new URL('../../config/schema.json', import.meta.url);

/** The generated modules, by file name (beside this one in dist/config/), and their sources. */
export type CompiledSchemas = Record<'compiled-schema.cjs' | 'compiled-state-dir.cjs', string>;

/**
 * Two CommonJS modules: `validateConfig` for a whole config, and `validateStateDir`, which checks
 * only `stateDir` for the commands that need nothing else; apart, so that those load little.
 */
export function compileSchemas(): CompiledSchemas {
  const schema = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as SchemaObject;
  // verbose puts the failing value and its schema on each error, which the messages quote.
  // CommonJS because ajv's ES module output still calls require() for its runtime helpers.
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    useDefaults: true,
    strict: true,
    code: { source: true },
  });
  // An editor extension (VS Code shows it), kept in the schema so editors and we say the same.
  ajv.addKeyword('patternErrorMessage');

  const { stateDir } = (schema as { properties: { stateDir: SchemaObject } }).properties;
  ajv.addSchema(schema, 'validateConfig');
  ajv.addSchema({ type: 'object', properties: { stateDir } }, 'validateStateDir');
  return {
    'compiled-schema.cjs': standalone.default(ajv, { validateConfig: 'validateConfig' }),
    'compiled-state-dir.cjs': standalone.default(ajv, { validateStateDir: 'validateStateDir' }),
  };
}

// Build step (`npm run build`, after tsc): writes the config's validators compiled from
// schema.json (compile-schema.ts) into dist/config/. They are generated, not committed, so that
// they can never disagree with the schema they come from.
import { writeFileSync } from 'node:fs';

import { compileSchemas } from './compile-schema.js';

for (const [name, source] of Object.entries(compileSchemas())) {
  writeFileSync(new URL(name, import.meta.url), source);
}

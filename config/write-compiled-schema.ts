// Build step (`npm run build`, after tsc): writes dist/config/compiled-schema.cjs, the config's
// validators compiled from schema.json. It is generated, not committed, so that it can never
// disagree with the schema it comes from.
import { writeFileSync } from 'node:fs';

import { compileSchemaCode } from './compile-schema.js';

writeFileSync(new URL('compiled-schema.cjs', import.meta.url), compileSchemaCode());

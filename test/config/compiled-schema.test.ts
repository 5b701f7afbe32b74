import { readFileSync } from 'node:fs';

import { expect } from 'chai';

import { compileSchemaCode } from '../../config/compile-schema.js';

const BUILT = new URL('../../config/compiled-schema.cjs', import.meta.url);

describe('the compiled schema', () => {
  it('is what schema.json compiles to now: the build ran after the last schema change', () => {
    const isCurrent = readFileSync(BUILT, 'utf8') === compileSchemaCode();

    expect(isCurrent, 'dist/config/compiled-schema.cjs is stale').to.equal(true);
  });
});

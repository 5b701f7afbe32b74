import { readFileSync } from 'node:fs';

import { expect } from 'chai';

import { compileSchemas } from '../../config/compile-schema.js';

describe('the compiled schema', () => {
  it('is what schema.json compiles to now: the build ran after the last schema change', () => {
    for (const [name, source] of Object.entries(compileSchemas())) {
      const built = readFileSync(new URL(`../../config/${name}`, import.meta.url), 'utf8');

      expect(built === source, `dist/config/${name} is stale`).to.equal(true);
    }
  });
});

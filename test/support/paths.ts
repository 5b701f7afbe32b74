// Where things are, from compiled tests in dist/test/… back to the repository's own files.
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const cliPath = fileURLToPath(new URL('../../../dist/bundle/main.js', import.meta.url));
/** The CLI as tsc built it, one file per module: what the bundle's chunks are cut from. */
export const unbundledCliPath = fileURLToPath(new URL('../../cli/main.js', import.meta.url));

/** A fixture worker script by name, e.g. fixtureWorker('slow-http'). */
export function fixtureWorker(name: string): string {
  return fileURLToPath(new URL(`../../../test/fixtures/workers/${name}.js`, import.meta.url));
}

// What a process loaded from node_modules, as test/fixtures/print-loaded-packages.mjs prints it
// at exit when preloaded: the tests of which commands load which packages share it.
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';

const PRELOAD = fileURLToPath(
  new URL('../../../test/fixtures/print-loaded-packages.mjs', import.meta.url),
);

/** The environment that makes a process (and the workers it forks) print what it loaded. */
export const printLoadedEnv = { NODE_OPTIONS: `--import=${PRELOAD}` };

/** The packages (or their files) named on the process's `loaded <what>:` line of stderr. */
export function loadedList(stderr: string, what: 'packages' | 'files'): string[] {
  const line = new RegExp(`^loaded ${what}: (.*)$`, 'm').exec(stderr);
  expect(line, stderr).to.not.equal(null);
  return JSON.parse(line![1]!) as string[];
}

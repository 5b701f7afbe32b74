// Helpers of the config tests: a temporary folder per test, scripts, and ConfigError catchers.
import { expect } from 'chai';

import { ConfigError } from '../../config/index.js';
import { makeTempDir, writeText } from '../support/temp-dir.js';

export { writeConfig, writeText } from '../support/temp-dir.js';

/** Gives each test its own empty folder (removed by the root hooks); call the result for it. */
export function useTempDir(): () => string {
  let dir: string | undefined;
  beforeEach(() => {
    dir = makeTempDir('supervisor-config-');
  });
  return () => {
    if (dir === undefined) throw new Error('useTempDir: only available inside a test');
    return dir;
  };
}

/** Writes an empty worker script; config checks need it to exist, never to run. */
export function writeScript(dir: string, relative = 'web.js'): string {
  return writeText(dir, relative, '// a worker script\n');
}

/** The ConfigError a promise rejects with; fails the test if it resolves or rejects otherwise. */
export async function configErrorOf(promise: Promise<unknown>): Promise<ConfigError> {
  try {
    await promise;
  } catch (error: unknown) {
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, but nothing was thrown');
}

// A fresh temporary folder per test, and small writers for config files and scripts inside it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { expect } from 'chai';

import { ConfigError } from '../../config/index.js';

/** Registers hooks that give each test its own empty folder; call the result to get its path. */
export function useTempDir(): () => string {
  let dir: string | undefined;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'supervisor-config-'));
  });
  afterEach(() => {
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  return () => {
    if (dir === undefined) throw new Error('useTempDir: only available inside a test');
    return dir;
  };
}

/** Writes `text` to `relative` under `dir`, creating folders; returns the absolute path. */
export function writeText(dir: string, relative: string, text: string): string {
  const file = path.join(dir, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** Writes `config` as pretty JSON to `relative` (app.config.json by default). */
export function writeConfig(dir: string, config: unknown, relative = 'app.config.json'): string {
  return writeText(dir, relative, `${JSON.stringify(config, null, 2)}\n`);
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

/** The ConfigError `run` throws; fails the test if it returns or throws something else. */
export function configErrorFrom(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error: unknown) {
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, but nothing was thrown');
}

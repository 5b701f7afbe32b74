// Fresh temporary directories, removed after the test that made them (see hooks.ts), and small
// writers for the files tests put in them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const made: string[] = [];

export function makeTempDir(prefix = 'gs-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes `text` to `relative` under `dir`, creating folders; returns the absolute path. */
export function writeText(dir: string, relative: string, text: string): string {
  const file = join(dir, relative);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** Writes `config` as pretty JSON to `relative` (app.config.json by default). */
export function writeConfig(dir: string, config: unknown, relative = 'app.config.json'): string {
  return writeText(dir, relative, `${JSON.stringify(config, null, 2)}\n`);
}

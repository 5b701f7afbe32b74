// Small file systems made for a test: a tmpfs of a given size, which can be remounted read-only,
// so that the history meets a full disk or a read-only one. Mounting needs root (or the
// capability); where it fails, the case says so and is skipped.
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const mounted: string[] = [];

/** Mounts a tmpfs of `size` (as mount takes it: `512k`) at `dir`; returns why not, or undefined. */
export function mountTmpfs(dir: string, size: string): string | undefined {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], {
      stdio: 'pipe',
    });
    mounted.push(dir);
    return undefined;
  } catch (error: unknown) {
    return `cannot mount a tmpfs here (${(error as Error).message.split('\n')[0]})`;
  }
}

/** Mounts a tmpfs at `dir`, or skips the calling test with the reason it could not. */
export function mountOrSkip(context: Mocha.Context, dir: string, size: string): void {
  const why = mountTmpfs(dir, size);
  if (why === undefined) return;
  console.log(`      skipped: ${why}`);
  context.skip();
}

export function remountReadOnly(dir: string): void {
  execFileSync('mount', ['-o', 'remount,ro', dir], { stdio: 'pipe' });
}

/** Writes a file at `dir` until the disk is full; returns its path. */
export function fillDisk(dir: string): string {
  const filler = join(dir, 'filler');
  const fd = openSync(filler, 'w');
  try {
    for (const chunk of [65_536, 4096, 512, 1]) {
      const bytes = Buffer.alloc(chunk, 1);
      try {
        for (;;) writeSync(fd, bytes);
      } catch (error: unknown) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    closeSync(fd);
  }
  return filler;
}

/** Unmounts every tmpfs made by the current test (lazily when something still holds it). */
export function unmountAll(): void {
  for (const dir of mounted.splice(0)) {
    try {
      execFileSync('umount', [dir], { stdio: 'pipe' });
    } catch {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
    }
  }
}

// File systems made for a test: a tmpfs of a given size, so that the history meets a full disk,
// and a read-only bind mount of one file, which even root cannot write. Mounting needs root (or
// the capability); where it fails, the case says so and is skipped.
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

/** Skips the calling test when a mount could not be made, saying why. */
export function skipUnlessMounted(context: Mocha.Context, why: string | undefined): void {
  if (why === undefined) return;
  console.log(`      skipped: ${why}`);
  context.skip();
}

/** Makes one file read-only, even for root: a read-only bind mount of the file onto itself. */
export function bindReadOnly(file: string): string | undefined {
  try {
    execFileSync('mount', ['--bind', file, file], { stdio: 'pipe' });
    mounted.push(file);
    execFileSync('mount', ['-o', 'remount,ro,bind', file], { stdio: 'pipe' });
    return undefined;
  } catch (error: unknown) {
    return `cannot bind-mount a file read-only here (${(error as Error).message.split('\n')[0]})`;
  }
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

/** Unmounts everything the current test mounted (lazily when something still holds it). */
export function unmountAll(): void {
  for (const dir of mounted.splice(0)) {
    try {
      execFileSync('umount', [dir], { stdio: 'pipe' });
    } catch {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
    }
  }
}

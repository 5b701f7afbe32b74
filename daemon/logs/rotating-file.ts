// An append-only log file that rotates by size: name.log → name.log.1 → … → name.log.<keep>.
import { closeSync, fstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

export interface RotationOptions {
  /** Rotate before a write would take the file past this many bytes. */
  maxBytes: number;
  /** How many rotated files to keep beside the current one; at least 1. */
  keep: number;
}

/** 10 MiB per file and 5 old files: at most 60 MiB per worker, a few days of a chatty one. */
export const DEFAULT_ROTATION: RotationOptions = { maxBytes: 10 * 1024 * 1024, keep: 5 };

// Limitation: each line costs the daemon's event loop one write(2). A worker printing tens of
// thousands of lines a second slows the daemon's answers (and, its pipes being blocking, itself);
// batching writes would fix it, at the price of lines in flight when the daemon dies.
/**
 * Writes are synchronous: a line is on disk (and visible to `supervisor logs --follow`) when
 * write() returns, and nothing is lost when the daemon exits right after.
 */
export class RotatingFile {
  readonly path: string;
  readonly #options: RotationOptions;
  #fd: number;
  #size: number;

  constructor(path: string, options: RotationOptions = DEFAULT_ROTATION) {
    this.path = path;
    this.#options = options;
    this.#fd = openSync(path, 'a', 0o600);
    this.#size = fstatSync(this.#fd).size;
  }

  write(text: string): void {
    const bytes = Buffer.byteLength(text);
    if (this.#size > 0 && this.#size + bytes > this.#options.maxBytes) this.#rotate();
    writeSync(this.#fd, text);
    this.#size += bytes;
  }

  close(): void {
    closeSync(this.#fd);
  }

  #rotate(): void {
    closeSync(this.#fd);
    const { keep } = this.#options;
    rmSync(`${this.path}.${keep}`, { force: true });
    for (let index = keep - 1; index >= 1; index -= 1) {
      renameIfPresent(`${this.path}.${index}`, `${this.path}.${index + 1}`);
    }
    renameIfPresent(this.path, `${this.path}.1`);
    this.#fd = openSync(this.path, 'a', 0o600);
    this.#size = 0;
  }
}

function renameIfPresent(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

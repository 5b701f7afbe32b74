// The environment a worker needs for its output to be captured whole: the blocking-stdio
// preload, added to whatever NODE_OPTIONS the worker already has.
import { fileURLToPath } from 'node:url';

const PRELOAD = fileURLToPath(new URL('./blocking-stdio.cjs', import.meta.url));

/** `NODE_OPTIONS` with the preload first; `current` is the worker's own NODE_OPTIONS, if any. */
export function workerOutputEnv(current: string | undefined): { NODE_OPTIONS: string } {
  // Quoted: NODE_OPTIONS splits on spaces, and the install path may contain some.
  const preload = `--require ${JSON.stringify(PRELOAD)}`;
  return { NODE_OPTIONS: current ? `${preload} ${current}` : preload };
}

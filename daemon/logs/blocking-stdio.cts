// Preloaded into every worker (NODE_OPTIONS=--require, compiled to blocking-stdio.cjs): makes its
// stdout and stderr pipes blocking, as a terminal or a file is, so that a worker calling
// process.exit() right after printing loses nothing. On a non-blocking pipe, Node queues what
// the pipe cannot take at once, and process.exit() drops that queue.

interface StdioHandle {
  setBlocking?: (blocking: boolean) => number;
}

for (const stream of [process.stdout, process.stderr]) {
  const handle = (stream as unknown as { _handle?: StdioHandle })._handle;
  handle?.setBlocking?.(true);
}

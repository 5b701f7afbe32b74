// Keeps a worker's stray bytes from killing the daemon. Node parses the JSON lines of an IPC
// channel inside the channel's read callback, where a line that is not JSON throws: an uncaught
// exception in the supervisor, which any worker can cause by writing to its channel's fd. The
// guard catches that throw; the channel reads on, and only the messages of the lines that the
// stray bytes spoiled are lost.
import type { ChildProcess } from 'node:child_process';

type ReadCallback = (this: unknown, ...args: unknown[]) => unknown;

interface ChannelHandle {
  onread?: ReadCallback;
}

function symbolNamed(target: object, name: string): symbol | undefined {
  return Object.getOwnPropertySymbols(target).find((symbol) => symbol.description === name);
}

/** Node's own handle of a child's IPC channel, found by the name of its internal symbol. */
function channelHandleOf(child: ChildProcess): ChannelHandle | undefined {
  const symbol = symbolNamed(child, 'kChannelHandle');
  if (symbol === undefined) return undefined;
  return (child as unknown as Record<symbol, ChannelHandle | undefined>)[symbol];
}

// A throw can leave the partial line Node was assembling in its buffer, and every later message
// of the worker would be glued to it and lost: start afresh at the next line.
function dropPartialLine(handle: ChannelHandle): void {
  const symbol = symbolNamed(handle, 'kJSONBuffer');
  if (symbol !== undefined) (handle as Record<symbol, unknown>)[symbol] = '';
}

/**
 * Reports lines of the child's IPC channel that are not JSON to `onBadBytes` instead of
 * throwing them at the daemon. Returns false when the channel could not be guarded.
 */
export function guardIpcChannel(child: ChildProcess, onBadBytes: (error: unknown) => void) {
  const handle = channelHandleOf(child);
  const read = handle?.onread;
  // Limitation: this reaches into Node's internals (the channel handle's `onread` and its line
  // buffer, as in Node 20). A Node release that moves them leaves the channel unguarded, and a
  // worker writing bytes that are not JSON on its channel would crash the supervisor again; the
  // hostile-IPC case of the reliability suite fails when that happens.
  if (!handle || typeof read !== 'function') return false;
  handle.onread = function guardedRead(this: unknown, ...args: unknown[]): unknown {
    try {
      return read.apply(this, args);
    } catch (error: unknown) {
      // Messages are emitted on a later tick, so only the parsing of the bytes can throw here.
      if (!(error instanceof SyntaxError)) throw error;
      dropPartialLine(handle);
      onBadBytes(error);
      return undefined;
    }
  };
  return true;
}

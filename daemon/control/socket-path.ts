// Where the control socket lives, and the checks around it: the state directory is private to
// its owner, and a socket file left by a daemon that died is replaced, never a live one's.
import { chmodSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

export const SOCKET_FILE = 'supervisor.sock';
/** sun_path holds 108 bytes on Linux, the last a NUL; longer paths are silently cut by bind(2). */
export const MAX_SOCKET_PATH_BYTES = 107;

export function controlSocketPath(stateDir: string): string {
  return join(stateDir, SOCKET_FILE);
}

/** An error for a socket that cannot be created where the state directory asks. */
export class ControlSocketError extends Error {
  readonly code = 'ERR_CONTROL_SOCKET';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ControlSocketError';
  }
}

/** Throws ControlSocketError for a socket path that a Unix socket cannot have. */
export function throwOnUnusableSocketPath(path: string): void {
  const bytes = Buffer.byteLength(path);
  if (bytes <= MAX_SOCKET_PATH_BYTES) return;
  const message =
    `the control socket path ${path} is ${bytes} bytes long, and a Unix socket path may be at ` +
    `most ${MAX_SOCKET_PATH_BYTES}: choose a shorter stateDir`;
  throw new ControlSocketError(message);
}

/** An error for a socket that another daemon is still answering on. */
export class DaemonRunningError extends Error {
  readonly code = 'ERR_DAEMON_RUNNING';
  readonly socketPath: string;

  constructor(socketPath: string) {
    super(`a supervisor is already running with the control socket ${socketPath}`);
    this.name = 'DaemonRunningError';
    this.socketPath = socketPath;
  }
}

/** Creates the state directory if needed and makes it 0700: only its owner may reach the socket. */
export function preparePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if ((statSync(dir).mode & 0o777) !== 0o700) chmodSync(dir, 0o700);
}

/** Resolves true when something accepts connections on the socket file. */
export function isSocketAnswering(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Removes a stale socket file; throws DaemonRunningError when a live daemon owns it. */
export async function removeStaleSocket(path: string): Promise<void> {
  if (await isSocketAnswering(path)) throw new DaemonRunningError(path);
  rmSync(path, { force: true });
}

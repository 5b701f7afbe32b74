// One supervisor per state directory: `<stateDir>/supervisor.pid` holds the pid of the one that
// owns it. A second one refuses to start; a file left by a supervisor that died is taken over.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LOCK_FILE = 'supervisor.pid';

/** A second supervisor on a state directory that a live one owns. */
export class StateLockError extends Error {
  readonly code = 'ERR_SUPERVISOR_RUNNING';
  readonly pid: number;

  constructor(stateDir: string, pid: number) {
    super(
      `another supervisor (pid ${pid}) is already running on the state directory ${stateDir}: ` +
        'stop it first, or give this config another stateDir',
    );
    this.name = 'StateLockError';
    this.pid = pid;
  }
}

/** A state directory in which the lock file cannot be made: read-only, not ours, full. */
export class StateDirUnusableError extends Error {
  readonly code = 'ERR_STATE_DIR_UNUSABLE';

  constructor(stateDir: string, cause: NodeJS.ErrnoException) {
    super(
      `cannot use the state directory ${stateDir} (${cause.code ?? cause.message}): the ` +
        'supervisor keeps its lock, history and logs there, and cannot run without them; ' +
        'make it writable, or give this config a writable stateDir',
      { cause },
    );
    this.name = 'StateDirUnusableError';
  }
}

export interface StateLock {
  /** The pid of a dead supervisor whose file was taken over, if any. */
  readonly tookOverFrom: number | undefined;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function tryCreate(file: string): boolean {
  try {
    writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
    return true;
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function lockOf(file: string, tookOverFrom: number | undefined): StateLock {
  return {
    tookOverFrom,
    release: () => {
      if (readOwner(file) === process.pid) rmSync(file, { force: true });
    },
  };
}

/**
 * Claims the state directory for this process; throws StateLockError when a live supervisor
 * owns it, StateDirUnusableError when the lock file cannot be made there.
 */
// Limitation: a dead supervisor's pid that the system has since given to another live process
// looks like a running supervisor, and the start is refused until supervisor.pid is removed.
export function acquireStateLock(stateDir: string): StateLock {
  try {
    return claim(stateDir);
  } catch (error: unknown) {
    // Errors of the file system carry a syscall; StateLockError and the like go up as they are.
    if (!(error as NodeJS.ErrnoException).syscall) throw error;
    throw new StateDirUnusableError(stateDir, error as NodeJS.ErrnoException);
  }
}

function claim(stateDir: string): StateLock {
  mkdirSync(stateDir, { recursive: true });
  const file = join(stateDir, LOCK_FILE);
  if (tryCreate(file)) return lockOf(file, undefined);
  const owner = readOwner(file);
  if (owner !== undefined && isAlive(owner)) throw new StateLockError(stateDir, owner);
  // A dead owner's file is taken over; a supervisor racing to do the same may win instead.
  rmSync(file, { force: true });
  if (tryCreate(file)) return lockOf(file, owner);
  throw new StateLockError(stateDir, readOwner(file) ?? 0);
}

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect } from 'chai';

import { acquireStateLock, StateLockError } from '../../daemon/state-lock.js';
import { makeTempDir } from '../support/temp-dir.js';

/** The pid of a process that has already exited. */
function deadPid(): number {
  const result = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(result.stdout.toString());
}

describe('acquireStateLock()', () => {
  it('writes its pid into supervisor.pid, creating the folder, and removes it on release', () => {
    const stateDir = join(makeTempDir(), 'state');

    const lock = acquireStateLock(stateDir);
    const file = join(stateDir, 'supervisor.pid');
    const written = readFileSync(file, 'utf8');
    lock.release();

    expect(written).to.equal(`${process.pid}\n`);
    expect(lock.tookOverFrom).to.equal(undefined);
    expect(existsSync(file)).to.equal(false);
  });

  it('refuses while a live process owns the directory, naming its pid', () => {
    const stateDir = makeTempDir();
    writeFileSync(join(stateDir, 'supervisor.pid'), `${process.ppid}\n`);

    let error: unknown;
    try {
      acquireStateLock(stateDir);
    } catch (caught: unknown) {
      error = caught;
    }

    expect(error).to.be.instanceOf(StateLockError);
    expect(error).to.include({ code: 'ERR_SUPERVISOR_RUNNING', pid: process.ppid });
    expect((error as Error).message).to.include(`another supervisor (pid ${process.ppid})`);
  });

  it('takes over the file of a supervisor that died, and of one that is unreadable', () => {
    const stateDir = makeTempDir();
    const file = join(stateDir, 'supervisor.pid');
    const pid = deadPid();
    writeFileSync(file, `${pid}\n`);

    const lock = acquireStateLock(stateDir);
    const takenFrom = lock.tookOverFrom;
    lock.release();
    writeFileSync(file, 'not a pid');
    const second = acquireStateLock(stateDir);
    second.release();

    expect(takenFrom).to.equal(pid);
    expect(second.tookOverFrom).to.equal(undefined);
  });

  it('leaves a file that another process has written since alone on release', () => {
    const stateDir = makeTempDir();
    const lock = acquireStateLock(stateDir);
    const file = join(stateDir, 'supervisor.pid');
    writeFileSync(file, `${process.ppid}\n`);

    lock.release();

    expect(readFileSync(file, 'utf8')).to.equal(`${process.ppid}\n`);
  });
});

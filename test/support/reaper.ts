// Every process a test starts is registered here and killed after the test, passed or failed.
// Workers run in process groups of their own, so their groups are killed too.
import { readFileSync } from 'node:fs';

const groups = new Set<number>();

/** Registers a process group (its leader's pid) to kill when the current test ends. */
export function reapLater(pid: number | undefined): void {
  if (pid !== undefined) groups.add(pid);
}

/** True while the process runs; a zombie (dead, not yet reaped by init) counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function killGroupOrProcess(pid: number): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export function reapAll(): void {
  for (const pid of groups) killGroupOrProcess(pid);
  groups.clear();
}

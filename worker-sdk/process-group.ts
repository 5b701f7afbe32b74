// A worker whose supervisor died takes what it spawned down with it, as the supervisor would
// have: nothing in its process group may outlive it.

/** True when this process leads a process group (the supervisor forks workers detached). */
function leadsProcessGroup(): boolean {
  try {
    process.kill(-process.pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * SIGKILLs this process's group, itself included, when it leads one; the caller's last act.
 * Returns false (and does nothing) when it does not lead a group.
 */
export function endOwnProcessGroup(): boolean {
  if (!leadsProcessGroup()) return false;
  process.kill(-process.pid, 'SIGKILL');
  return true;
}

// Whatever a benchmark starts is ended when the run ends, however it ends: a failed benchmark,
// an exception, or Ctrl-C. Exit hooks run synchronously, so they may only use sync calls.
const hooks = new Set();
let installed = false;

function runHooks() {
  for (const hook of hooks) {
    try {
      hook();
    } catch {
      // One failed cleanup must not stop the others.
    }
  }
  hooks.clear();
}

function install() {
  if (installed) return;
  installed = true;
  process.on('exit', runHooks);
  for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(name, () => process.exit(130));
  }
}

/** Registers a synchronous cleanup for process exit; returns a function that unregisters it. */
export function onExit(hook) {
  install();
  hooks.add(hook);
  return () => hooks.delete(hook);
}

/** SIGKILLs a process and its group at exit, unless unregistered first. */
export function killAtExit(pid) {
  return onExit(() => {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

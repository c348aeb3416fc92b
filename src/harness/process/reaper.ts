/**
 * Makes sure no node process outlives the harness: every spawned node is its own process group,
 * and on SIGINT, SIGTERM or exit the harness kills every group it still owns.
 */

const groups = new Set<number>();
let installed = false;

/** Tracks a spawned node (its pid is its process group id). */
export function track(pid: number): void {
  groups.add(pid);
  install();
}

/** Stops tracking a node that has exited or been killed. */
export function untrack(pid: number): void {
  groups.delete(pid);
}

/** Kills every tracked group with SIGKILL, synchronously. */
export function killAll(): void {
  for (const pid of groups) killGroup(pid);
  groups.clear();
}

/** SIGKILLs a process group, ignoring groups that are already gone. */
export function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAll);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.on(signal, () => {
      process.stderr.write(`\nglomers: received ${signal}; killing ${groups.size} node process(es)\n`);
      killAll();
      process.exit(code);
    });
  }
}

// Background work yields to everything else: on a machine of two cores, a lint of 50,000
// revisions would otherwise take a core from the window, the bridge and the database worker
// for a minute. Linux schedules threads as tasks with their own nice value (setpriority with
// a thread id affects that thread alone), so a worker can lower its own priority; elsewhere
// it runs as any thread does.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The lowest priority (nice 19) for the calling thread, where the OS allows it. */
export function runInBackground(): void {
  try {
    // "<pid>/task/<tid>": this thread's own id.
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 19);
  } catch {
    // No /proc (macOS, Windows) or no permission: normal priority.
  }
}

// Who held up a rehearsed statement. A statement that gives up on a lock (lock_timeout) no
// longer waits when its error arrives, so pg_blocking_pids() can no longer name the session in
// its way: the sessions are read while the statement runs, and the last ones seen are kept.
import type { Blocker, LockWatch } from '../dialects/dialect.ts';

export interface BlockerRecorder {
  /** Stops polling and returns the sessions last seen blocking the statement (none: it never waited). */
  stop(): Promise<readonly Blocker[]>;
}

/** Polls `watch` every `pollMs` until stopped; a failed poll is advice lost, never an error. */
export function recordBlockers(watch: LockWatch, pollMs: number): BlockerRecorder {
  let seen: readonly Blocker[] = [];
  let stopped = false;
  let inFlight: Promise<void> = Promise.resolve();
  const poll = (): void => {
    inFlight = watch
      .blockers()
      .then((blockers) => {
        if (blockers.length > 0) seen = blockers;
      })
      .catch(() => {})
      .finally(() => {
        if (!stopped) timer = setTimeout(poll, pollMs);
      });
  };
  let timer: NodeJS.Timeout | undefined = setTimeout(poll, pollMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
      return seen;
    },
  };
}

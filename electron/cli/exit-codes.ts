// Exit codes, documented in the README. Scripts and CI depend on them: never renumber.
export const EXIT = {
  ok: 0,
  /** `check` found a problem (or `current --check-heads` is behind). */
  checkFailed: 1,
  /** Bad arguments, unknown or ambiguous target. */
  usage: 2,
  /** The database refused: connection, a failed statement, a lock. */
  database: 3,
  /** The project's files are broken, or the plan cannot run as written. */
  project: 4,
  /** Cancelled (Ctrl-C): the revision in flight was rolled back. */
  cancelled: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

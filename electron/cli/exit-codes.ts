// Exit codes, documented in the README. Scripts and CI depend on them: never renumber.
import type { ErrorCode } from '../../shared/api/error-codes.ts';
import { InvalidRequestError } from '../engine/usecases/invalid-request.ts';

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

/**
 * The one table from the contract's error codes to exit codes: every failure of a command
 * becomes a contract error (engine/usecases/errors.ts) and exits with its code's number.
 */
export const EXIT_FOR: { readonly [C in ErrorCode]: ExitCode } = {
  'invalid-input': EXIT.usage,
  'unknown-method': EXIT.usage,
  unauthorized: EXIT.usage,
  project: EXIT.project,
  target: EXIT.usage,
  database: EXIT.database,
  protected: EXIT.database,
  'not-found': EXIT.usage,
  busy: EXIT.database,
  unsupported: EXIT.usage,
  cancelled: EXIT.cancelled,
  // What no table knows (a bug, an unexpected throw) has always exited as a database error.
  internal: EXIT.database,
};

/** Arguments the command line cannot take: the contract's invalid-input, exit 2. */
export class UsageError extends InvalidRequestError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

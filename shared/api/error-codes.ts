// The contract's error codes and the failure a handler throws, without zod: the CLI maps
// engine errors to these codes and its exit codes from them, and its read commands load no
// schema library to do so (errors.ts holds the schema of the same shape).

export const ERROR_CODES = [
  'invalid-input', // the payload does not match the contract: rejected at the door
  'unknown-method',
  'unauthorized', // bridge: missing token or foreign Origin
  'project', // broken files, no project
  'target', // unknown / ambiguous target, several heads
  'database', // connection refused, statement failed
  'protected', // a protected connection refused the change (name not typed, downgrade locked)
  'not-found',
  'busy', // a run is already going on this connection
  'unsupported', // not on this kind of database (a rehearsal on SQLite)
  'cancelled', // the user cancelled: the revision in flight was rolled back
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  readonly code: ErrorCode;
  readonly message: string;
  /** Structured details: candidates of an ambiguous target, problems of a broken project… */
  readonly details?: unknown;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

/** Thrown by handlers to return a typed error through any door. */
export class ApiFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

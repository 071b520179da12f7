// Error codes every door returns. The renderer shows `message`; code decides the treatment.
import { z } from 'zod';

export const errorCode = z.enum([
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
  'internal',
]);
export type ErrorCode = z.infer<typeof errorCode>;

export const apiError = z.object({
  code: errorCode,
  message: z.string(),
  /** Structured details: candidates of an ambiguous target, problems of a broken project… */
  details: z.unknown().optional(),
});
export type ApiError = z.infer<typeof apiError>;

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

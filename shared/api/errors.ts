// Error codes every door returns. The renderer shows `message`; code decides the treatment.
// The codes and ApiFailure live in error-codes.ts, which loads no zod; this is their schema.
import { z } from 'zod';
import { ERROR_CODES, type ApiError } from './error-codes.ts';

export { ApiFailure, ERROR_CODES, type ApiError, type ErrorCode, type Result } from './error-codes.ts';

export const errorCode = z.enum(ERROR_CODES);

export const apiError: z.ZodType<ApiError> = z.object({
  code: errorCode,
  message: z.string(),
  details: z.unknown().optional(),
});

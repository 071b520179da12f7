// Shapes shared by several domains of the contract.
import { z } from 'zod';
import { ANY_REVISION_ID_PATTERN } from '../model/revision.ts';

export const revisionId = z
  .string()
  .regex(ANY_REVISION_ID_PATTERN, "a revision id: 1-255 characters, no whitespace, '@', '-' or '+'");
export const connectionId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a connection id');
export const direction = z.enum(['upgrade', 'downgrade']);
export const dialect = z.enum(['sqlite', 'postgres']);
export const target = z.string().min(1).max(200);

export const planStep = z.object({ revision: revisionId, direction, message: z.string(), transactional: z.boolean() });
export type PlanStepInfo = z.infer<typeof planStep>;

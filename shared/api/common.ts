// Shapes shared by several domains of the contract.
import { z } from 'zod';

export const revisionId = z.string().regex(/^[0-9a-z_]{1,32}$/, 'a revision id: 1-32 characters of 0-9, a-z and _');
export const connectionId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a connection id');
export const direction = z.enum(['upgrade', 'downgrade']);
export const dialect = z.enum(['sqlite', 'postgres']);
export const target = z.string().min(1).max(200);

export const planStep = z.object({ revision: revisionId, direction, message: z.string(), transactional: z.boolean() });
export type PlanStepInfo = z.infer<typeof planStep>;

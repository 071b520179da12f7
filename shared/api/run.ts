// Planning and running migrations, and the events a run streams.
import { z } from 'zod';
import { connectionId, direction, planStep, revisionId, target } from './common.ts';

export const planInput = z.object({ connectionId, direction, target }).strict();
export const planOutput = z.object({ steps: z.array(planStep), rows: z.array(z.string()) });

export const runStartInput = z
  .object({
    connectionId,
    direction,
    target,
    singleTransaction: z.boolean().default(false),
    /** Step through a plan: run only its first N steps (1 = "step one"). */
    maxSteps: z.number().int().min(1).optional(),
    /** Protected connections: the database name, typed by the user. */
    confirmDatabaseName: z.string().optional(),
  })
  .strict();
export const runId = z.string().regex(/^run-[0-9a-f]{8,32}$/);
export const runStartOutput = z.object({ runId });
export const runRef = z.object({ runId }).strict();

export const runEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('lock-wait') }),
  z.object({ type: z.literal('plan'), steps: z.array(planStep), rows: z.array(z.string()) }),
  z.object({ type: z.literal('step-start'), index: z.number(), total: z.number(), revision: revisionId, direction, message: z.string() }),
  z.object({ type: z.literal('statement-start'), revision: revisionId, index: z.number(), line: z.number(), sql: z.string() }),
  z.object({ type: z.literal('statement-end'), revision: revisionId, index: z.number(), line: z.number(), durationMs: z.number() }),
  z.object({ type: z.literal('step-end'), index: z.number(), total: z.number(), revision: revisionId, direction, durationMs: z.number(), outcome: z.enum(['applied', 'skipped']) }),
  z.object({ type: z.literal('done'), applied: z.number(), skipped: z.number(), durationMs: z.number(), rows: z.array(z.string()) }),
  z.object({
    type: z.literal('failed'),
    message: z.string(),
    cancelled: z.boolean(),
    revision: revisionId.nullable(),
    file: z.string().nullable(),
    line: z.number().nullable(),
    statement: z.string().nullable(),
    rolledBack: z.boolean(),
    rows: z.array(z.string()),
  }),
]);
export type RunEventInfo = z.infer<typeof runEvent>;

export const runEventMessage = z.object({ runId, connectionId, event: runEvent });
export type RunEventMessage = z.infer<typeof runEventMessage>;

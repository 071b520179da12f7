// The merge screen: the branches between heads with their footprints, the conflicts, which
// connection has which branch applied; a merge revision, or a linearization previewed first.
// The shapes are shared/model/merge.ts's, checked against it at compile time below.
import { z } from 'zod';
import type { DatabasePlacement, MergeAnalysis } from '../model/merge.ts';
import { connectionId, revisionId } from './common.ts';

const objectKind = z.enum([
  'table',
  'column',
  'index',
  'constraint',
  'type',
  'view',
  'sequence',
  'function',
  'trigger',
]);
const touchAction = z.enum(['create', 'alter', 'drop', 'data']);
const touch = z.object({
  kind: objectKind,
  name: z.string(),
  table: z.string().optional(),
  action: touchAction,
  what: z.string(),
  line: z.number().int(),
});
const opaque = z.object({ line: z.number().int(), reason: z.string() });
const footprint = z.object({ revision: revisionId, touches: z.array(touch), opaque: z.array(opaque) });
const conflict = z.object({
  rule: z.enum([
    'same-column',
    'same-name',
    'changed-twice',
    'drop-vs-change',
    'enum-both',
    'data-vs-shape',
    'order-matters',
  ]),
  kind: objectKind,
  object: z.string(),
  message: z.string(),
  sides: z.array(
    z.object({ head: revisionId, revision: revisionId, line: z.number().int(), action: touchAction, what: z.string() }),
  ),
  suggestion: z.string().nullable(),
});
const verdict = z.enum(['conflict', 'clean', 'cannot-tell']);

export const mergeAnalysis = z.object({
  heads: z.array(revisionId),
  forkPoints: z.array(revisionId),
  branches: z.array(
    z.object({
      head: revisionId,
      labels: z.array(z.string()),
      revisions: z.array(z.object({ id: revisionId, message: z.string(), created: z.string().nullable(), footprint })),
    }),
  ),
  pairs: z.array(
    z.object({
      heads: z.tuple([revisionId, revisionId]),
      verdict,
      conflicts: z.array(conflict),
      opaque: z.array(opaque.extend({ revision: revisionId })),
      commute: z
        .object({ outcome: z.enum(['same', 'different', 'failed', 'unavailable']), detail: z.string() })
        .nullable(),
    }),
  ),
  verdict,
});

export const databasePlacement = z.object({
  database: z.string(),
  branches: z.array(z.enum(['none', 'partial', 'all'])).nullable(),
  error: z.string().nullable(),
  warning: z.string().nullable(),
});

/** Which heads (none: every head); PostgreSQL shadow databases go on this connection's server, when named. */
export const mergeAnalyzeInput = z
  .object({ heads: z.array(revisionId).max(64).optional(), shadowConnectionId: connectionId.optional() })
  .strict();
export const mergeAnalyzeOutput = z.object({
  analysis: mergeAnalysis,
  /** Per saved connection, in the order of connections.list. */
  databases: z.array(databasePlacement.extend({ connectionId })),
  /** Reconciling SQL to start from (comments naming the conflicts), empty when there are none. */
  suggestedSql: z.string(),
});
export type MergeAnalyzeOutput = z.infer<typeof mergeAnalyzeOutput>;

export const mergeCreateInput = z
  .object({
    heads: z.array(revisionId).min(2).max(64),
    message: z.string().trim().min(1).max(500),
    upgradeSql: z.string().max(5_000_000).optional(),
    downgradeSql: z.string().max(5_000_000).optional(),
  })
  .strict();
export const mergeCreateOutput = z.object({ revision: revisionId, file: z.string(), parents: z.array(revisionId) });

export const linearizeInput = z.object({ branchHead: revisionId, onto: revisionId }).strict();
const headerChange = z.object({
  revision: revisionId,
  file: z.string(),
  parentsBefore: z.array(revisionId),
  parentsAfter: z.array(revisionId),
  diff: z.array(z.object({ kind: z.enum([' ', '-', '+']), text: z.string() })),
});
export const linearizeOutput = z.object({
  branchHead: revisionId,
  onto: revisionId,
  moved: z.array(revisionId),
  changes: z.array(headerChange),
  /** Whether the files were written (false: a preview). */
  written: z.boolean(),
  /** Connections that could not be read: whether they applied the branch is not known. */
  unchecked: z.array(z.string()),
});
export type LinearizeOutput = z.infer<typeof linearizeOutput>;

// What the engine makes (the model's types) must fit the contract.
type Fits<A, B> = [A] extends [B] ? true : false;
const analysisFits: Fits<DeepMutable<MergeAnalysis>, z.infer<typeof mergeAnalysis>> = true;
const placementFits: Fits<DeepMutable<DatabasePlacement>, z.infer<typeof databasePlacement>> = true;
void analysisFits;
void placementFits;
type DeepMutable<T> = T extends string
  ? T
  : T extends readonly [infer A, infer B]
    ? [DeepMutable<A>, DeepMutable<B>]
    : T extends readonly (infer E)[]
      ? DeepMutable<E>[]
      : T extends object
        ? { -readonly [K in keyof T]: DeepMutable<T[K]> }
        : T;

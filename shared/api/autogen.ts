// Autogenerate: the project's schema.sql (the target) against a live database or the schema
// the migrations produce at the heads (the source), as operations with their SQL, the
// generated upgrade and downgrade, their lint, and the renames left for the user to decide.
// The review screen shows `autogen.diff` and writes what it reviewed with `autogen.write`.
import { z } from 'zod';
import { connectionId, dialect, revisionId } from './common.ts';
import { lintFinding, lintStatement } from './lint.ts';

/** A table or column name as the database stores it; a table may be schema-qualified ("s.t"). */
const objectName = z.string().min(1).max(200);

/** The user's answers to "rename?": a drop and an add that are one object renamed. */
export const renameDecisions = z
  .object({
    tables: z
      .array(z.object({ from: objectName, to: objectName }).strict())
      .max(1000)
      .default([]),
    columns: z
      .array(z.object({ table: objectName, from: objectName, to: objectName }).strict())
      .max(1000)
      .default([]),
  })
  .strict();
export type RenameDecisionsInfo = z.infer<typeof renameDecisions>;

/** What the target is compared with: a saved connection's live database, or the migrations' heads built on a shadow. */
export const autogenSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('connection'), connectionId }).strict(),
  z.object({ kind: z.literal('heads') }).strict(),
]);

export const autogenDiffInput = z
  .object({
    source: autogenSource,
    /** A PostgreSQL database to use as the shadow (else strata.json shadowUrl, a scratch one, an embedded server). */
    shadowUrl: z.string().min(1).max(2000).optional(),
    renames: renameDecisions.default({ tables: [], columns: [] }),
    /** Only these tables, views, types and sequences (by name; schema-qualified or not); absent: all. */
    include: z.array(objectName).max(10_000).optional(),
  })
  .strict();

/** The SQL a user reviewed (and perhaps edited) on the review screen: written as it is, not generated again. */
export const reviewedSql = z
  .object({
    upgradeSql: z.string().max(10_000_000),
    downgradeSql: z.string().max(10_000_000),
    transactional: z.boolean(),
  })
  .strict();
export type ReviewedSql = z.infer<typeof reviewedSql>;

export const autogenWriteInput = autogenDiffInput
  .extend({ message: z.string().trim().min(1).max(500), reviewed: reviewedSql.optional() })
  .strict();

export const autogenOperation = z.object({
  /** What the operation does: 'add column', 'drop table', 'alter column type'… */
  kind: z.string(),
  /** The object it acts on, e.g. "users.avatar_url". */
  object: z.string(),
  /** The objects it belongs to, as `include` names them ("main.users"): leaving them out leaves it out. */
  owners: z.array(z.string()),
  /** Drops a table or column (data is lost unless the drop is a rename the user decides). */
  destructive: z.boolean(),
  /** Its upgrade SQL, and the SQL of its reverse (what the downgrade runs for it). */
  sql: z.string(),
  reverseSql: z.string(),
});
export type AutogenOperationInfo = z.infer<typeof autogenOperation>;

/** A drop and an add of compatible shape: proposed, never applied without a decision. */
export const renameCandidate = z.object({
  kind: z.enum(['table', 'column']),
  /** The table of a column candidate; null for a table candidate. */
  table: z.string().nullable(),
  from: z.string(),
  to: z.string(),
});
export type RenameCandidateInfo = z.infer<typeof renameCandidate>;

export const autogenDiffOutput = z.object({
  dialect,
  /** What the target was compared with, e.g. "the heads (2 revisions) on a shadow" or "postgres://app@db/app". */
  source: z.string(),
  operations: z.array(autogenOperation),
  renameCandidates: z.array(renameCandidate),
  upgradeSql: z.string(),
  downgradeSql: z.string(),
  /** The source's and the target's schemas as CREATE statements (of the included objects), for a text diff. */
  beforeDdl: z.string(),
  afterDdl: z.string(),
  transactional: z.boolean(),
  /** The lint of the generated upgrade, lines counted in upgradeSql. */
  lint: z.object({ statements: z.array(lintStatement), findings: z.array(lintFinding) }),
  warnings: z.array(z.string()),
});
export type AutogenDiff = z.infer<typeof autogenDiffOutput>;

export const autogenWriteOutput = autogenDiffOutput.extend({
  /** The revision written; null when the schemas are equal and nothing was written. */
  written: z
    .object({
      revision: revisionId,
      file: z.string(),
      parents: z.array(revisionId),
      /** The file's line of upgradeSql's first line: a lint finding's line + upgradeLine - 1 is the file's. */
      upgradeLine: z.number().int().min(1),
    })
    .nullable(),
});
export type AutogenWritten = z.infer<typeof autogenWriteOutput>;

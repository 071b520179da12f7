// Lock-risk lint of the project's revisions (electron/engine/lint): the worst finding per
// revision for the graph, one revision's statements with their predicted locks for the
// inspector and the plan's lock preview, and applying a finding's fix to the revision file.
import { z } from 'zod';
import { LOCK_MODES, RELATION_KINDS } from '../model/lock-mode.ts';
import { connectionId, dialect, revisionId } from './common.ts';

export const severity = z.enum(['error', 'warning', 'info']);
export type LintSeverity = z.infer<typeof severity>;

/** PostgreSQL's table-level lock modes, as pg_locks.mode spells them (shared/model/lock-mode.ts). */
export const lockMode = z.enum(LOCK_MODES);
export type LockModeName = z.infer<typeof lockMode>;

export const relationKind = z.enum(RELATION_KINDS);

export const relationLock = z.object({
  relation: z.string(),
  mode: lockMode,
  kind: relationKind,
  table: z.string().optional(),
  reason: z.string().optional(),
  isNew: z.boolean().optional(),
});
export type RelationLockInfo = z.infer<typeof relationLock>;

/** 1-based line/column in the revision file, UTF-16 columns (Monaco's convention), end exclusive. */
export const textEdit = z.object({
  startLine: z.number().int().min(1),
  startColumn: z.number().int().min(1),
  endLine: z.number().int().min(1),
  endColumn: z.number().int().min(1),
  text: z.string(),
});
export type TextEditInfo = z.infer<typeof textEdit>;

export const lintFix = z.object({
  description: z.string(),
  edits: z.array(textEdit),
  header: z.object({ transactional: z.literal(false) }).optional(),
});
export type LintFixInfo = z.infer<typeof lintFix>;

export const lintFinding = z.object({
  rule: z.string(),
  severity,
  message: z.string(),
  /** File line (of the statement, or of the comment the finding is about). */
  line: z.number().int(),
  fix: lintFix.optional(),
});
export type LintFindingInfo = z.infer<typeof lintFinding>;

export const lintStatement = z.object({
  line: z.number().int(),
  statement: z.string(),
  kind: z.string(),
  locks: z.array(relationLock),
  rewrites: z.boolean(),
  scans: z.boolean(),
  blocksReads: z.boolean(),
  blocksWrites: z.boolean(),
  transactional: z.boolean(),
  assumptions: z.array(z.string()),
  findings: z.array(lintFinding),
});
export type LintStatementInfo = z.infer<typeof lintStatement>;

export const revisionLint = z.object({
  revision: revisionId,
  file: z.string(),
  dialect,
  statements: z.array(lintStatement),
  /** Findings that belong to no statement (a broken revision file, a config problem). */
  findings: z.array(lintFinding),
});
export type RevisionLint = z.infer<typeof revisionLint>;

export const revisionLintSummary = z.object({
  revision: revisionId,
  /** null: no finding. */
  worst: severity.nullable(),
  count: z.number().int().min(0),
  counts: z.object({ error: z.number().int().min(0), warning: z.number().int().min(0), info: z.number().int().min(0) }),
});
export type RevisionLintSummary = z.infer<typeof revisionLintSummary>;

export const projectLint = z.object({
  dialect,
  /** Only revisions with at least one finding. */
  revisions: z.array(revisionLintSummary),
});
export type ProjectLint = z.infer<typeof projectLint>;

export const lintRevisionInput = z.object({ id: revisionId }).strict();
export const lintApplyFixInput = z
  .object({
    id: revisionId,
    rule: z.string().min(1).max(100),
    /** The finding's file line (its statement's line). */
    line: z.number().int().min(1),
    /** Which of the findings with this rule and line, when there are several (0 = the first). */
    index: z.number().int().min(0).default(0),
  })
  .strict();
export const lintApplyFixOutput = z.object({ checksum: z.string(), lint: revisionLint });

/** A session that holds or waits for a lock that conflicts with the one a migration wants. */
export const conflictingSession = z.object({
  pid: z.number().int(),
  mode: lockMode,
  granted: z.boolean(),
  state: z.string().nullable(),
  xactAgeSeconds: z.number().nullable(),
  query: z.string().nullable(),
  application: z.string().nullable(),
});
export type ConflictingSessionInfo = z.infer<typeof conflictingSession>;

/** What a relation a step locks weighs on the live server, and how long its lock should last. */
export const relationImpact = z.object({
  relation: z.string(),
  kind: relationKind,
  mode: lockMode,
  /** pg_class.reltuples; null before the first ANALYZE. */
  rows: z.number().nullable(),
  bytes: z.number(),
  heapBytes: z.number(),
  /** The heaviest work done under the lock: a rewrite, a validation scan, an index build, a foreign-key check. */
  work: z.enum(['rewrite', 'scan', 'index-build', 'foreign-key']).nullable(),
  /** The work's time alone: waiting to get the lock is not included. */
  estimatedSeconds: z.number().nullable(),
  /** How the estimate was made: the terms priced, each with its seconds. */
  method: z.string().nullable().optional(),
  conflictingSessions: z.array(conflictingSession),
  /** Not in the catalog: created by the plan itself. */
  missing: z.boolean().optional(),
});
export type RelationImpactInfo = z.infer<typeof relationImpact>;

export const lintImpactInput = z.object({ connectionId, revisions: z.array(revisionId).min(1).max(1000) }).strict();
export const lintImpactOutput = z.object({
  /** How the unit costs behind the estimates were measured on this server, and what they leave out. */
  method: z.string(),
  revisions: z.array(z.object({ revision: revisionId, relations: z.array(relationImpact) })),
});
export type LintImpact = z.infer<typeof lintImpactOutput>;

/**
 * Unsaved text linted as the user types: a draft of a revision (against the schema before it)
 * or, without `id`, a new revision on the heads (the review screen's generated upgrade).
 */
export const lintDraftInput = z
  .object({
    id: revisionId.optional(),
    upgradeSql: z.string().max(10_000_000),
    /** The file line of the text's first line (findings are in file lines); 1 for a text on its own. */
    upgradeLine: z.number().int().min(1).default(1),
    transactional: z.boolean(),
  })
  .strict();
export const lintDraftOutput = z.object({
  statements: z.array(lintStatement),
  findings: z.array(lintFinding),
  /** How long the lint itself took in the worker, in milliseconds. */
  elapsedMs: z.number(),
});
export type DraftLint = z.infer<typeof lintDraftOutput>;

/** What lint.applyFix would write, without writing it: the file before and after, and where it is applied. */
export const lintFixPreviewOutput = z.object({
  file: z.string(),
  before: z.string(),
  after: z.string(),
  description: z.string(),
  /** Connections where this revision is applied: the fix changes its checksum there. */
  appliedOn: z.array(z.object({ connectionId: z.string(), name: z.string() })),
});
export type LintFixPreview = z.infer<typeof lintFixPreviewOutput>;

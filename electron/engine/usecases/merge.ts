// Merging heads, as the CLI and the studio both do it: analyze the branches (footprints,
// conflicts, the shadow check where needed), say which databases have which branch applied,
// write a merge revision (with reconciling SQL, if any), or linearize an unapplied branch.
// The analysis itself (the PostgreSQL parser, shadow databases) is in merge-analysis.ts: the
// studio's main thread imports this file and must not load the parser.
import type { Conflict, DatabasePlacement, MergeAnalysis, Placement } from '../../../shared/model/merge.ts';
import type { RevisionId } from '../../../shared/model/revision.ts';
import { resolveRevision } from '../graph/targets.ts';
import { LinearizeRefusedError, planLinearize, writeLinearize, type LinearizePlan } from '../merge/linearize.ts';
import type { Project } from '../project/project.ts';
import { InvalidRequestError } from './errors.ts';
import { createAlembicMerge, type AlembicRunOptions } from './alembic.ts';
import { createMerge, type Written } from './revisions.ts';

export type { ShadowServer } from '../merge/commute.ts';
export type { DiffLine, HeaderChange, LinearizePlan } from '../merge/linearize.ts';

/** A database and what it has applied (null: it could not be read, `error` says why). */
export interface AppliedOn {
  readonly database: string;
  readonly applied: ReadonlySet<RevisionId> | null;
  readonly error?: string | null;
}

/** For each database, how much of each branch it has applied, and a warning where it has two. */
export function placements(analysis: MergeAnalysis, databases: readonly AppliedOn[]): DatabasePlacement[] {
  return databases.map(({ database, applied, error }) => {
    if (!applied) return { database, branches: null, error: error ?? 'could not be read', warning: null };
    const branches = analysis.branches.map((b): Placement => {
      const n = b.revisions.filter((r) => applied.has(r.id)).length;
      return n === 0 ? 'none' : n === b.revisions.length ? 'all' : 'partial';
    });
    const touched = analysis.branches.filter((_b, k) => branches[k] !== 'none').map((b) => b.head);
    const warning =
      touched.length > 1
        ? `${database} has changes of ${touched.length} branches applied (${touched.join(', ')}), ` +
          `in an order the merge revision does not record` +
          (analysis.verdict === 'clean'
            ? ''
            : `; with ${analysis.verdict === 'conflict' ? 'conflicts' : 'statements no check could read'}, ` +
              `it may differ from a database upgraded through the merge`)
        : null;
    return { database, branches, error: null, warning };
  });
}

/** Reconciling SQL to start from: the conflicts and their suggestions, as comments. */
export function suggestedMergeSql(analysis: MergeAnalysis): string {
  const conflicts: Conflict[] = analysis.pairs.flatMap((p) => [...p.conflicts]);
  if (conflicts.length === 0) return '';
  const lines = ['-- Reconcile the branches here; this runs after both of them.'];
  for (const c of conflicts) {
    lines.push(`-- conflict (${c.rule}): ${c.message}`);
    if (c.suggestion) lines.push(`--   suggestion: ${c.suggestion}`);
  }
  return `${lines.join('\n')}\n`;
}

export interface MergeRevisionRequest {
  readonly message: string;
  readonly heads: readonly string[];
  readonly branchLabels: readonly string[];
  /** Reconciling SQL; absent or blank: the merge changes no schema. */
  readonly upgradeSql?: string | undefined;
  readonly downgradeSql?: string | undefined;
}

/** A native merge revision, or in an Alembic project a merge module in alembic's own shape. */
export async function createMergeRevision(
  project: Project,
  request: MergeRevisionRequest,
  options: AlembicRunOptions = {},
): Promise<Written> {
  if (project.alembic) return createAlembicMerge(project, request, options);
  return createMerge(project, {
    message: request.message,
    revisions: request.heads,
    branchLabels: request.branchLabels,
    upgradeSql: request.upgradeSql,
    downgradeSql: request.downgradeSql,
  });
}

/** The plan of a linearization, refused (InvalidRequestError) where it cannot be done. */
export function previewLinearize(project: Project, branchHead: string, onto: string): LinearizePlan {
  const { map } = project;
  try {
    return planLinearize(project, resolveRevision(map, branchHead), resolveRevision(map, onto));
  } catch (error) {
    if (error instanceof LinearizeRefusedError) throw new InvalidRequestError(`cannot linearize: ${error.message}`);
    throw error;
  }
}

/**
 * Re-parents the branch and writes its files; refused when a database named here has applied
 * any revision of the branch (its version rows would then name a history the files no
 * longer describe).
 */
export function linearize(
  project: Project,
  branchHead: string,
  onto: string,
  databases: readonly AppliedOn[],
): LinearizePlan {
  const plan = previewLinearize(project, branchHead, onto);
  for (const { database, applied } of databases) {
    const done = applied ? plan.moved.filter((id) => applied.has(id)) : [];
    if (done.length > 0) {
      throw new InvalidRequestError(
        `cannot linearize: ${database} has applied ${done.join(', ')} of ${plan.branchHead}'s branch; ` +
          `create a merge revision instead`,
      );
    }
  }
  writeLinearize(plan);
  return plan;
}

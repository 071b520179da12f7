// What the merge screen derives from an analysis: the objects each revision names, which
// objects are in conflict, which branches may be linearized (and onto what), and whether a
// merge revision may be written now. Pure functions; the components memoise them.
import type { MergeAnalyzeOutput } from '../../../shared/api/merge.ts';
import { notableTouches, type ConflictRule } from '../../../shared/model/merge.ts';
import type { MergeDraft } from './store.ts';

type Analysis = MergeAnalyzeOutput['analysis'];
export type TouchInfo = Analysis['branches'][number]['revisions'][number]['footprint']['touches'][number];
export type ConflictInfo = Analysis['pairs'][number]['conflicts'][number];

export function shortId(id: string): string {
  return id.slice(0, 8);
}

export const RULE_TEXT: Readonly<Record<ConflictRule, string>> = {
  'same-column': 'same column on both branches',
  'same-name': 'same name created on both branches',
  'changed-twice': 'changed on both branches',
  'drop-vs-change': 'dropped on one branch, changed on the other',
  'enum-both': 'type changed on both branches',
  'data-vs-shape': 'rows written on one branch, shape changed on the other',
  'order-matters': 'the two orders end differently',
};

export const VERDICT_TEXT = { conflict: 'Conflict', clean: 'No conflict', 'cannot-tell': 'Cannot tell' } as const;

/** A revision's notable objects, one per object and action, in file order. */
export function revisionObjects<T extends TouchInfo>(touches: readonly T[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const t of notableTouches(touches)) {
    const key = `${t.action} ${t.kind} ${t.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(t);
  }
  return out;
}

export function allConflicts(analysis: Analysis): ConflictInfo[] {
  return analysis.pairs.flatMap((p) => p.conflicts);
}

/** `revision:line` of every statement a conflict names, to mark it in the footprints. */
export function conflictSpots(analysis: Analysis): ReadonlySet<string> {
  return new Set(allConflicts(analysis).flatMap((c) => c.sides.map((s) => `${s.revision}:${s.line}`)));
}

/** A default message naming the heads; the user edits it. */
export function defaultMessage(analysis: Analysis): string {
  return `merge ${analysis.heads.map(shortId).join(' and ')}`;
}

export interface LinearizeChoice {
  readonly head: string;
  /** The heads it could be re-parented onto. */
  readonly onto: readonly string[];
  /** Why it cannot be linearized (a database has applied some of it); null when it can. */
  readonly blocked: string | null;
  /** Connections that could not be read: whether they applied the branch is not known. */
  readonly unchecked: readonly string[];
}

/**
 * A branch may be linearized only while no known database has applied any of it: its version
 * rows would then name a history the files no longer describe.
 */
export function linearizeChoices(result: MergeAnalyzeOutput): LinearizeChoice[] {
  const { analysis, databases } = result;
  const unchecked = databases.filter((d) => d.branches === null).map((d) => d.database);
  return analysis.branches.map((b, k) => {
    const appliedOn = databases.filter((d) => d.branches !== null && d.branches[k] !== 'none').map((d) => d.database);
    return {
      head: b.head,
      onto: analysis.heads.filter((h) => h !== b.head),
      blocked: appliedOn.length > 0 ? `applied on ${appliedOn.join(', ')}: create a merge revision instead` : null,
      unchecked,
    };
  });
}

/**
 * Why "Create merge revision" cannot run now, or null when it can. A conflict is a refusal
 * until the user says to merge anyway, as the CLI's --allow-conflicts does.
 */
export function createBlocker(analysis: Analysis, draft: MergeDraft): string | null {
  if (analysis.heads.length < 2) return 'There is only one head: nothing to merge.';
  if (!draft.message.trim()) return 'A merge revision needs a message.';
  const conflicts = allConflicts(analysis).length;
  if (analysis.verdict === 'conflict' && !draft.acceptConflicts)
    return (
      `${conflicts === 0 ? 'The branches conflict' : `${conflicts} conflict${conflicts === 1 ? '' : 's'}`}: ` +
      `reconcile them in the merge's SQL and confirm, or linearize a branch instead.`
    );
  return null;
}

/** The request's SQL: blank means none. */
export function sqlOrNothing(sql: string): string | undefined {
  return sql.trim() === '' ? undefined : sql;
}

// What branches of a revision graph do to the schema, and where two of them collide: pure
// data, made by the engine (electron/engine/merge) and shown by the CLI and the merge screen.
import type { RevisionId } from './revision.ts';

export type ObjectKind =
  'table' | 'column' | 'index' | 'constraint' | 'type' | 'view' | 'sequence' | 'function' | 'trigger';

/** `data`: rows are written (INSERT, UPDATE, DELETE, TRUNCATE, COPY), the shape is not. */
export type TouchAction = 'create' | 'alter' | 'drop' | 'data';

/** One object one statement creates, alters, drops or writes rows of. */
export interface Touch {
  readonly kind: ObjectKind;
  /**
   * The object's name as the database folds it: `users`, `users.email` for a column,
   * `users.users_email_key` for a constraint; a schema other than the default is a prefix
   * (`billing.invoices`).
   */
  readonly name: string;
  /** The table of a column, constraint, index or trigger. */
  readonly table?: string;
  readonly action: TouchAction;
  /** What the statement does to it, for a person: "ADD COLUMN", "DROP TABLE", "ADD VALUE 'x'". */
  readonly what: string;
  /** 1-based line in the revision file where the statement starts. */
  readonly line: number;
}

/** A statement whose effect the footprint cannot name: a DO block, dynamic SQL, a parse failure. */
export interface Opaque {
  readonly line: number;
  readonly reason: string;
}

export interface Footprint {
  readonly revision: RevisionId;
  readonly touches: readonly Touch[];
  readonly opaque: readonly Opaque[];
}

export type ConflictRule =
  /** The same column added, altered or dropped on both branches. */
  | 'same-column'
  /** The same index, constraint, table, type, view… created on both branches. */
  | 'same-name'
  /** The same view, function, index or constraint changed on both branches. */
  | 'changed-twice'
  /** One branch drops (or rebuilds) what the other changes. */
  | 'drop-vs-change'
  /** The same enum (or other type) changed on both branches. */
  | 'enum-both'
  /** One branch writes rows of a table whose shape the other changes. */
  | 'data-vs-shape'
  /** The shadow databases end differently in the two orders (or one order fails). */
  | 'order-matters';

/** Where on a branch a conflicting change is. */
export interface ConflictSide {
  readonly head: RevisionId;
  readonly revision: RevisionId;
  readonly line: number;
  readonly action: TouchAction;
  readonly what: string;
}

export interface Conflict {
  readonly rule: ConflictRule;
  readonly kind: ObjectKind;
  readonly object: string;
  /** One sentence naming the object and what each side does to it. */
  readonly message: string;
  readonly sides: readonly ConflictSide[];
  /** How to resolve it, where one is obvious. */
  readonly suggestion: string | null;
}

/** The result of applying A then B and B then A on two throwaway databases. */
export interface CommuteCheck {
  readonly outcome: 'same' | 'different' | 'failed' | 'unavailable';
  /** What differs, which order fails and why, or why no check could run. */
  readonly detail: string;
}

/**
 * `conflict`: named conflicts (or the orders end differently); `clean`: the footprints show
 * none and nothing is opaque (or the shadow databases agree); `cannot-tell`: something is
 * opaque and no shadow check could decide.
 */
export type Verdict = 'conflict' | 'clean' | 'cannot-tell';

export interface PairAnalysis {
  readonly heads: readonly [RevisionId, RevisionId];
  readonly verdict: Verdict;
  readonly conflicts: readonly Conflict[];
  /** Statements neither footprint can read, on either side. */
  readonly opaque: readonly (Opaque & { readonly revision: RevisionId })[];
  /** Run when a footprint cannot decide; null when it was not needed. */
  readonly commute: CommuteCheck | null;
}

export interface BranchRevision {
  readonly id: RevisionId;
  readonly message: string;
  /** The file's `created` header: when it was written (the native format names no author). */
  readonly created: string | null;
  readonly footprint: Footprint;
}

export interface BranchReport {
  readonly head: RevisionId;
  /** The head's branch labels (with Alembic's propagation). */
  readonly labels: readonly string[];
  /** Since the fork point, parents first. */
  readonly revisions: readonly BranchRevision[];
}

export interface MergeAnalysis {
  readonly heads: readonly RevisionId[];
  readonly forkPoints: readonly RevisionId[];
  readonly branches: readonly BranchReport[];
  /** Each pair of heads, compared. */
  readonly pairs: readonly PairAnalysis[];
  /** The worst of the pairs' verdicts. */
  readonly verdict: Verdict;
}

/** How much of a branch a database has applied. */
export type Placement = 'none' | 'partial' | 'all';

export interface DatabasePlacement {
  readonly database: string;
  /** Per branch, in the order of the analysis' heads; null: the database could not be read. */
  readonly branches: readonly Placement[] | null;
  readonly error: string | null;
  /** Set when the database has changes of two or more branches applied, in an order no merge revision records. */
  readonly warning: string | null;
}

/**
 * The touches worth naming to a person: a new table's columns go without saying, and so does
 * the ALTER TABLE around a column's change.
 */
export function notableTouches<
  T extends Pick<Touch, 'kind' | 'name' | 'action'> & { readonly table?: string | undefined },
>(touches: readonly T[]): T[] {
  const created = new Set(touches.filter((t) => t.kind === 'table' && t.action === 'create').map((t) => t.name));
  return touches.filter(
    (t) =>
      !(t.kind === 'table' && t.action === 'alter') &&
      !(t.table !== undefined && created.has(t.table) && t.action === 'create'),
  );
}

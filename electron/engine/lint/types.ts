// The lint vocabulary: what a statement locks, rewrites and blocks, and what a rule says
// about it. Plain readonly data, so that the CLI, the service and (later) the renderer can
// pass it around as JSON unchanged.

import type { LockMode, RelationKind } from '../../../shared/model/lock-mode.ts';

export type { LockMode, RelationKind };

export interface RelationLock {
  /** Unqualified when in the public schema, else schema.name. */
  readonly relation: string;
  readonly mode: LockMode;
  readonly kind: RelationKind;
  /** For an index: the table (or matview) it belongs to. */
  readonly table?: string;
  /** Why this relation is locked when it is not the one the statement names ("referenced by child.parent_id"). */
  readonly reason?: string;
  /** Created earlier in the same revision: nobody else can be using it yet. */
  readonly isNew?: boolean;
}

export type Severity = 'error' | 'warning' | 'info';
export type RuleLevel = Severity | 'off';

/**
 * A text edit on the file that holds the statement. Lines and columns are 1-based and count
 * UTF-16 code units (Monaco's convention); the end is exclusive. An insertion has
 * start === end.
 */
export interface TextEdit {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly text: string;
}

export interface Fix {
  readonly description: string;
  readonly edits: readonly TextEdit[];
  /** Header change the fix needs: CONCURRENTLY cannot run inside the revision's transaction. */
  readonly header?: { readonly transactional: false };
}

export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly line: number;
  readonly fix?: Fix;
}

export interface StatementReport {
  readonly file: string;
  readonly line: number;
  readonly statement: string;
  /** The statement kind as a person says it: 'ALTER TABLE', 'CREATE INDEX'… */
  readonly kind: string;
  readonly locks: readonly RelationLock[];
  /** The table (or matview) gets new storage with every row copied; its indexes are rebuilt. */
  readonly rewrites: boolean;
  /** Every row of an existing table is read (validation, index build, backfill, rewrite). */
  readonly scans: boolean;
  /** A plain SELECT on a relation this statement locks waits until the transaction ends. */
  readonly blocksReads: boolean;
  /** An INSERT/UPDATE/DELETE on a relation this statement locks waits until the transaction ends. */
  readonly blocksWrites: boolean;
  /** May run inside a transaction block (false: CONCURRENTLY, VACUUM…). */
  readonly transactional: boolean;
  /** What the analyzer had to assume because it could not know (an unknown old column type…). */
  readonly assumptions: readonly string[];
  readonly findings: readonly Finding[];
}

export interface FileReport {
  readonly file: string;
  /** The revision id, when the file is a revision. */
  readonly revision?: string;
  readonly dialect: 'postgres' | 'sqlite';
  readonly statements: readonly StatementReport[];
  /** Findings that belong to no statement (a broken ignore comment, a config problem). */
  readonly findings: readonly Finding[];
}

// The shape of a lint rule and what it is given. A rule reads one statement (its AST, its
// analyzed effects, the revision's state so far) and returns zero or more hits; severity
// levels from strata.json, suppression comments and fix edits are applied by the linter.
import type { Node } from 'libpg-query';
import type { Effects } from './analyze/effects.ts';
import type { StatementFixes } from './fixes.ts';
import type { SchemaModel } from './schema/model.ts';
import type { Section, SourceStatement } from '../sql/source.ts';
import type { Fix, LockMode, RelationLock, Severity } from './types.ts';

export type LintDialect = 'postgres' | 'sqlite';

/** What is known about the revision at the point of the current statement. */
export interface RevisionState {
  readonly dialect: LintDialect;
  readonly pgVersion: number;
  /** SQLite library version as [major, minor, patch]. */
  readonly sqliteVersion: readonly [number, number, number];
  /**
   * This statement runs inside a transaction block: the revision's (it is not `transactional
   * false`), a runner's, or one the file opened with BEGIN. A COMMIT in a plain file ends it.
   */
  transactional: boolean;
  /** The runner opens a transaction around the file itself: BEGIN/COMMIT in it fight that one. */
  readonly runnerTransaction: boolean;
  /** The runner of a plain file, when recognised ('diesel', 'Flyway'…), for messages. */
  readonly runner: string | undefined;
  /** A revision file (whose header a fix may change), not a file of bare statements. */
  readonly isRevision: boolean;
  /** A non-zero lock_timeout is in force: set earlier in the revision, or by the runner. */
  lockTimeout: boolean;
  /** Relations this transaction has locked so far, with the strongest mode (transactional only). */
  readonly held: Map<string, LockMode>;
  /** `table-key/constraint` added NOT VALID earlier in this revision. */
  readonly addedNotValid: Set<string>;
  /** Tables dropped earlier in this revision → whether other tables referenced them (SQLite rebuilds). */
  readonly dropped: Map<string, boolean>;
  /** Tables created earlier in this revision. */
  readonly created: Set<string>;
  /**
   * statement_timeout in force: 'none' (unset, 0, RESET), 'unknown' (a value lint cannot
   * read, such as a psql variable) or milliseconds.
   */
  statementTimeout: 'none' | 'unknown' | number;
  /** Rules already reported in this revision (for `oncePerRevision` rules). */
  readonly reported: Set<string>;
  /**
   * Where a hit's `unlessAtEnd` is decided: at the end of this file or revision, or at the end
   * of the history it belongs to (a folder of plain migration files, where a later file may
   * still create the index a foreign key wants).
   */
  readonly endChecks: 'file' | 'history';
}

export interface StatementAnalysis {
  readonly locks: readonly RelationLock[];
  readonly rewrites: boolean;
  readonly scans: boolean;
  readonly blocksReads: boolean;
  readonly blocksWrites: boolean;
  readonly transactional: boolean;
}

export interface RuleContext {
  readonly node: Node;
  readonly kind: string;
  readonly statement: SourceStatement;
  readonly section: Section;
  readonly effects: Effects;
  readonly analysis: StatementAnalysis;
  readonly state: RevisionState;
  /** The schema as it was before this statement. */
  readonly model: SchemaModel;
  /** The relation exists and was not created earlier in this revision (it may hold rows and traffic). */
  existing(key: string): boolean;
  readonly fixes: StatementFixes;
}

export interface RuleHit {
  readonly message: string;
  readonly fix?: Fix | undefined;
  /** Overrides the rule's default severity for this hit (e.g. worse on an old server). */
  readonly severity?: Severity;
  /**
   * Decided at the end of the section (file or revision), on the schema as it left it: the
   * hit is dropped when this says a later statement resolved it (an index created after the
   * foreign key it serves). In a history (RevisionState.endChecks), one still unresolved there
   * is decided again after each later file, and stands only if none resolves it.
   */
  readonly unlessAtEnd?: (model: SchemaModel) => boolean;
}

export interface Rule {
  readonly id: string;
  readonly dialect: LintDialect;
  readonly severity: Severity;
  /** One line: what the rule catches. */
  readonly summary: string;
  /**
   * The statement kinds (AST node keys: 'AlterTableStmt'…) the rule can report on; the linter
   * does not run it on any other statement. Absent: every statement (rules that read effects).
   */
  readonly kinds?: readonly string[];
  /** Report only the first hit in a revision (one fix covers them all: lock_timeout). */
  readonly oncePerRevision?: boolean;
  check(ctx: RuleContext): readonly RuleHit[];
}

/** Findings that belong to no rule file: parse errors and broken suppressions. */
export const BUILTIN_RULES = {
  syntaxError: 'syntax-error',
  invalidIgnore: 'invalid-ignore',
  unknownRuleConfig: 'unknown-rule-config',
} as const;

// Pure data shapes of a migration project. No Node, no DOM, no zod: every layer may import this.

declare const revisionIdBrand: unique symbol;
/** A revision identifier as written in `-- strata:revision` (12 lowercase hex for new ones). */
export type RevisionId = string & { readonly [revisionIdBrand]: true };

export const REVISION_ID_PATTERN = /^[0-9a-z_]{1,32}$/;

/**
 * Ids of an Alembic project read in place: whatever Alembic accepts (it refuses only '@', '-'
 * and '+': `kilo`, `6f8a4c0d2e3g`, `Release.2`), less whitespace, which no target could name.
 * Native files keep REVISION_ID_PATTERN; this wider one is for the doors, which see both.
 */
export const ANY_REVISION_ID_PATTERN = /^[^\s@+-]{1,255}$/;

export function asRevisionId(value: string): RevisionId {
  return value as RevisionId;
}

export type Dialect = 'sqlite' | 'postgres';
export type Direction = 'upgrade' | 'downgrade';

/** A place in a file, 1-based, for messages a person reads. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

export interface Revision {
  readonly id: RevisionId;
  readonly parents: readonly RevisionId[];
  readonly dependsOn: readonly RevisionId[];
  /** Labels declared in this file (not the propagated ones: see RevisionMap.labelsOf). */
  readonly branchLabels: readonly string[];
  readonly message: string;
  readonly created: string | undefined;
  readonly transactional: boolean;
  readonly upgradeSql: string;
  /** undefined when the file has no downgrade section: the revision cannot be taken back. */
  readonly downgradeSql: string | undefined;
  /** Line in the file where the upgrade / downgrade body starts (the line after the marker). */
  readonly upgradeLine: number;
  readonly downgradeLine: number | undefined;
  readonly file: string;
  /** Header line numbers (1 when the header is absent), so graph errors can point at them. */
  readonly lines: {
    readonly revision: number;
    readonly parents: number;
    readonly dependsOn: number;
    readonly branchLabels: number;
  };
  readonly checksum: string;
}

export interface PlanStep {
  readonly revision: RevisionId;
  readonly direction: Direction;
}

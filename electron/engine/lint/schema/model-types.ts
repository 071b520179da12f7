// The shapes of the schema model (model.ts): relations with their columns, constraints and
// indexes, and domains. The fields the model's reverse indexes follow (constraints, partition
// parent, a view's sources) are read-only here: SchemaModel's setters change them.
import type { RelationKind } from '../types.ts';
import type { PartitionBound } from './partitions.ts';

/** A column type as PostgreSQL normalizes it: `int4`, `varchar` with modifiers [100]… */
export interface ColumnType {
  readonly name: string;
  /** Type modifiers as numbers: varchar(100) → [100], numeric(10,2) → [10, 2]. */
  readonly mods: readonly number[];
  readonly array: boolean;
}

export interface ColumnInfo {
  name: string;
  type: ColumnType | undefined;
  notNull: boolean;
}

export type ConstraintKind = 'check' | 'foreign-key' | 'primary-key' | 'unique' | 'exclude' | 'not-null';

export interface ConstraintInfo {
  name: string;
  readonly kind: ConstraintKind;
  validated: boolean;
  columns: string[];
  /** foreign-key: the referenced table's key and columns. */
  readonly references?: string;
  readonly refColumns?: readonly string[];
  /** foreign-key: what happens to referencing rows when the referenced row is deleted. */
  readonly onDelete?: 'cascade' | 'set-null' | 'restrict';
  /** check: the column it proves non-null when it is exactly `col IS NOT NULL`. */
  readonly notNullOf?: string;
  /** primary-key / unique / exclude: the index behind it. */
  readonly index?: string;
}

/**
 * A relation's constraints. One is added (or replaced) through SchemaModel.setConstraint only,
 * which notes the relations it names in the model's reverse indexes.
 */
export interface Constraints extends ReadonlyMap<string, ConstraintInfo> {
  delete(name: string): boolean;
}

export interface IndexInfo {
  readonly table: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
}

export interface RelationInfo {
  key: string;
  schema: string;
  name: string;
  readonly kind: RelationKind;
  columns: Map<string, ColumnInfo>;
  /** False when the column list came from something the model cannot expand (LIKE, AS SELECT). */
  columnsKnown: boolean;
  constraints: Constraints;
  /** Tables and matviews: keys of their indexes. */
  indexes: Set<string>;
  /** Indexes: the table they belong to. */
  index?: IndexInfo;
  /** A partition (or inheritance child): the parent's key (set through SchemaModel.setPartitionOf). */
  readonly partitionOf?: string;
  isDefaultPartition: boolean;
  /** Partitioned tables: the key columns; partitions: their bound (for INSERT routing). */
  partitionKey?: readonly string[];
  bound?: PartitionBound;
  unlogged: boolean;
  /**
   * Views and matviews: the relations their query reads (set through SchemaModel.setDependsOn),
   * and the columns it names.
   */
  readonly dependsOn: ReadonlySet<string>;
  dependsOnColumns: Set<string>;
  triggers: Set<string>;
  /** Created by an earlier statement of the revision being linted (so: empty, unused). */
  isNew: boolean;
}

export interface DomainInfo {
  readonly name: string;
  readonly base: ColumnType | undefined;
  /** A CHECK or NOT NULL (validated or not): a new column of this type must be checked row by row. */
  hasConstraints: boolean;
}

// A database schema as pure data: what autogenerate compares, what introspection of either
// dialect produces, and what the studio's review screen shows. Names are as the database
// stores them (unquoted, case kept); SQL fragments (types, defaults, predicates, bodies) are
// the database's own canonical text (pg_get_expr, format_type, sqlite_master), so two
// schemas built from different SQL compare equal when the database sees them as equal.
//
// Collections are arrays, never maps: objects sorted by (schema, name), columns and index
// keys in their positional order (which is part of their meaning). A schema serialises to
// the same JSON for the same database, which makes the normalized dump (and its comparison)
// a string comparison.
import type { Dialect } from './revision.ts';

/** Schema-qualified name; SQLite has one schema, named 'main'. */
export interface QualifiedName {
  readonly schema: string;
  readonly name: string;
}

export interface Column {
  readonly name: string;
  /** The type as the database prints it: format_type() on PostgreSQL, the declared type on SQLite. */
  readonly type: string;
  readonly nullable: boolean;
  /** The default expression as the database stores it; null when there is none. */
  readonly default: string | null;
  /**
   * PostgreSQL identity columns. `options`: the sequence options that differ from the defaults, as
   * SQL ("START WITH 100 INCREMENT BY 5"); null when all are the defaults.
   */
  readonly identity: { readonly generation: 'always' | 'by default'; readonly options: string | null } | null;
  /** Generated (computed) columns: the expression, and whether it is stored (always so on PostgreSQL before 18). */
  readonly generated: { readonly expression: string; readonly stored: boolean } | null;
  /**
   * A collation other than the type's default, as SQL: PostgreSQL's quoted ("C", or
   * schema-qualified outside pg_catalog), SQLite's upper-cased (NOCASE); null otherwise.
   */
  readonly collation: string | null;
  readonly comment: string | null;
}

export interface PrimaryKey {
  /** The constraint's name; SQLite's is null (it has none to speak of). */
  readonly name: string | null;
  readonly columns: readonly string[];
  /** SQLite INTEGER PRIMARY KEY AUTOINCREMENT; always false on PostgreSQL. */
  readonly autoincrement: boolean;
}

export interface UniqueConstraint {
  readonly name: string | null;
  readonly columns: readonly string[];
  readonly nullsNotDistinct: boolean;
  readonly deferrable: Deferrable;
}

export type Deferrable = 'not deferrable' | 'deferrable initially immediate' | 'deferrable initially deferred';

export type ReferentialAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

export interface ForeignKey {
  readonly name: string | null;
  readonly columns: readonly string[];
  readonly references: QualifiedName & { readonly columns: readonly string[] };
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
  readonly match: 'simple' | 'full' | 'partial';
  readonly deferrable: Deferrable;
  /** Created NOT VALID and not validated since (PostgreSQL). */
  readonly notValid: boolean;
}

export interface CheckConstraint {
  readonly name: string | null;
  /** The expression inside CHECK ( … ), as the database prints it. */
  readonly expression: string;
  readonly notValid: boolean;
}

/**
 * EXCLUDE USING … (PostgreSQL): its whole text as pg_get_constraintdef prints it (method,
 * elements WITH operators, INCLUDE, WHERE, DEFERRABLE), opaque like a trigger's.
 */
export interface ExclusionConstraint {
  readonly name: string;
  readonly definition: string;
}

/** One key of an index: a column or an expression, with its order and collation. */
export interface IndexKey {
  readonly column: string | null;
  readonly expression: string | null;
  readonly descending: boolean;
  /** NULLS FIRST/LAST when it differs from the order's default; null otherwise. */
  readonly nulls: 'first' | 'last' | null;
  readonly collation: string | null;
  readonly opclass: string | null;
}

export interface Index {
  readonly name: string;
  readonly unique: boolean;
  /** btree, hash, gin, gist, brin, spgist (SQLite: always btree). */
  readonly method: string;
  readonly keys: readonly IndexKey[];
  /** INCLUDE ( … ) columns. */
  readonly include: readonly string[];
  /** The WHERE of a partial index; null otherwise. */
  readonly where: string | null;
  readonly nullsNotDistinct: boolean;
  /**
   * The database's own CREATE INDEX text, for what the fields above cannot say (PostgreSQL:
   * pg_get_indexdef; SQLite: its CREATE text in canonical form, bare words lower-cased).
   */
  readonly definition: string;
}

export interface Trigger {
  readonly name: string;
  /** The full CREATE TRIGGER statement as the database prints it (opaque; SQLite's in canonical form, as indexes). */
  readonly definition: string;
}

// Sort orders, so that every producer (introspection, tests, the diff's expected values)
// builds the same arrays: tables, views, enums, domains, sequences, routines by (schema, name[,
// arguments]); uniques, foreign keys, checks, exclusions by (name, then definition for unnamed ones);
// indexes and triggers by name.

/** A partition: the partitioned table it belongs to, and its bound ("FOR VALUES FROM (1) TO (10)", "DEFAULT"). */
export interface PartitionOf extends QualifiedName {
  readonly bound: string;
}

export interface Table extends QualifiedName {
  /**
   * A partition's columns, and the constraints, indexes and triggers it inherits from its
   * parent, are the parent's: they are listed on the parent only, the partition keeps its own.
   */
  readonly columns: readonly Column[];
  readonly primaryKey: PrimaryKey | null;
  readonly uniques: readonly UniqueConstraint[];
  readonly foreignKeys: readonly ForeignKey[];
  readonly checks: readonly CheckConstraint[];
  readonly exclusions: readonly ExclusionConstraint[];
  /** A partitioned table's key as pg_get_partkeydef prints it ("RANGE (created_at)"); null otherwise. */
  readonly partitionBy: string | null;
  readonly partitionOf: PartitionOf | null;
  readonly indexes: readonly Index[];
  readonly triggers: readonly Trigger[];
  readonly comment: string | null;
  /** SQLite: WITHOUT ROWID / STRICT; PostgreSQL: unused. */
  readonly options: readonly string[];
}

export interface View extends QualifiedName {
  readonly materialized: boolean;
  /** The query as the database prints it (pg_get_viewdef; SQLite the text after AS). */
  readonly definition: string;
  /** Materialized views can carry indexes. */
  readonly indexes: readonly Index[];
  /** INSTEAD OF triggers (views only). */
  readonly triggers: readonly Trigger[];
  readonly comment: string | null;
}

export interface EnumType extends QualifiedName {
  /** In their sort order. */
  readonly values: readonly string[];
  readonly comment: string | null;
}

/** CREATE DOMAIN (PostgreSQL): a base type with a default, NOT NULL and checks of its own. */
export interface DomainType extends QualifiedName {
  /** format_type of the base type. */
  readonly baseType: string;
  readonly default: string | null;
  readonly notNull: boolean;
  readonly collation: string | null;
  /** By name; `definition` as pg_get_constraintdef prints it: "CHECK (VALUE > 0)", NOT VALID included. */
  readonly checks: readonly { readonly name: string; readonly definition: string }[];
  readonly comment: string | null;
}

export interface Sequence extends QualifiedName {
  readonly dataType: string;
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cache: string;
  readonly cycle: boolean;
  /**
   * OWNED BY schema.table.column; null when it stands alone. Identity sequences are not listed
   * (they belong to their column); serial sequences are, owned by their column.
   */
  readonly ownedBy: (QualifiedName & { readonly column: string }) | null;
  readonly comment: string | null;
}

export interface Routine extends QualifiedName {
  /** The identity arguments, e.g. "integer, text": a function is known by name and arguments. */
  readonly arguments: string;
  readonly kind: 'function' | 'procedure';
  /** pg_get_functiondef: the whole CREATE OR REPLACE statement (opaque). */
  readonly definition: string;
  readonly comment: string | null;
}

/** An installed extension (PostgreSQL): the objects it creates are its own, never listed as the schema's. */
export interface Extension {
  readonly name: string;
  /** The schema its objects live in (WITH SCHEMA). */
  readonly schema: string;
}

export interface Schema {
  readonly dialect: Dialect;
  /** User schemas other than public (PostgreSQL), sorted; empty on SQLite. */
  readonly schemas: readonly string[];
  /** Extensions other than plpgsql (PostgreSQL), sorted by name; empty on SQLite. */
  readonly extensions: readonly Extension[];
  readonly tables: readonly Table[];
  readonly views: readonly View[];
  readonly enums: readonly EnumType[];
  readonly domains: readonly DomainType[];
  readonly sequences: readonly Sequence[];
  readonly routines: readonly Routine[];
}

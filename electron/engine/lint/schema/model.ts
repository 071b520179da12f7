// What the analyzer knows about the schema the statements run against: tables and their
// columns, indexes, constraints, partitions, views and domains. Built by replaying earlier
// statements (earlier revisions, or a setup script) and, later, from a live catalog. The
// lock predictions that name second tables (an FK's parent, a table's indexes, the DEFAULT
// partition) come from here; without it the analyzer only names what the statement names.
import type { RelationKind } from '../types.ts';
import type { RelName } from '../parse.ts';
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
  index?: string;
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
  constraints: Map<string, ConstraintInfo>;
  /** Tables and matviews: keys of their indexes. */
  indexes: Set<string>;
  /** Indexes: the table they belong to. */
  index?: IndexInfo;
  /** A partition (or inheritance child): the parent's key. */
  partitionOf?: string;
  isDefaultPartition: boolean;
  /** Partitioned tables: the key columns; partitions: their bound (for INSERT routing). */
  partitionKey?: readonly string[];
  bound?: PartitionBound;
  unlogged: boolean;
  /** Views and matviews: the relations their query reads, and the columns it names. */
  dependsOn: Set<string>;
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

export function relationKey(rel: RelName): string {
  return `${rel.schema ?? 'public'}.${rel.name}`;
}

export function displayName(key: string): string {
  return key.startsWith('public.') ? key.slice('public.'.length) : key;
}

export class SchemaModel {
  private readonly relations = new Map<string, RelationInfo>();
  readonly domains = new Map<string, DomainInfo>();
  readonly enums = new Set<string>();
  readonly sequences = new Set<string>();

  clone(): SchemaModel {
    const copy = new SchemaModel();
    for (const [k, r] of this.relations) {
      copy.relations.set(k, {
        ...r,
        columns: new Map([...r.columns].map(([n, c]) => [n, { ...c }])),
        constraints: new Map([...r.constraints].map(([n, c]) => [n, { ...c, columns: [...c.columns] }])),
        indexes: new Set(r.indexes),
        dependsOn: new Set(r.dependsOn),
        dependsOnColumns: new Set(r.dependsOnColumns),
        triggers: new Set(r.triggers),
      });
    }
    for (const [k, d] of this.domains) copy.domains.set(k, { ...d });
    for (const e of this.enums) copy.enums.add(e);
    for (const s of this.sequences) copy.sequences.add(s);
    return copy;
  }

  get(key: string): RelationInfo | undefined {
    return this.relations.get(key);
  }

  find(rel: RelName | undefined): RelationInfo | undefined {
    return rel ? this.relations.get(relationKey(rel)) : undefined;
  }

  all(): IterableIterator<RelationInfo> {
    return this.relations.values();
  }

  /** The relation if known; else a detached stand-in (not stored) that knows only its name. */
  resolve(rel: RelName, kind: RelationKind): RelationInfo {
    return this.find(rel) ?? { ...this.blank(rel, kind, false), columnsKnown: false };
  }

  add(rel: RelName, kind: RelationKind, isNew: boolean): RelationInfo {
    const info = this.blank(rel, kind, isNew);
    this.relations.set(info.key, info);
    return info;
  }

  private blank(rel: RelName, kind: RelationKind, isNew: boolean): RelationInfo {
    const key = relationKey(rel);
    return {
      key,
      schema: rel.schema ?? 'public',
      name: rel.name,
      kind,
      columns: new Map(),
      columnsKnown: true,
      constraints: new Map(),
      indexes: new Set(),
      isDefaultPartition: false,
      unlogged: false,
      dependsOn: new Set(),
      dependsOnColumns: new Set(),
      triggers: new Set(),
      isNew,
    };
  }

  addIndex(indexRel: RelName, table: RelationInfo, columns: readonly string[], unique: boolean, isNew: boolean): RelationInfo {
    const index = this.add({ schema: indexRel.schema ?? table.schema, name: indexRel.name }, 'index', isNew);
    index.index = { table: table.key, columns, unique };
    table.indexes.add(index.key);
    return index;
  }

  remove(key: string): void {
    const rel = this.relations.get(key);
    if (!rel) return;
    this.relations.delete(key);
    for (const i of rel.indexes) this.relations.delete(i);
    if (rel.index) this.relations.get(rel.index.table)?.indexes.delete(key);
    for (const other of this.relations.values()) {
      for (const [name, c] of other.constraints) if (c.references === key) other.constraints.delete(name);
      if (other.partitionOf === key) this.remove(other.key);
    }
  }

  rename(key: string, newName: string): void {
    const rel = this.relations.get(key);
    if (!rel) return;
    const newKey = `${rel.schema}.${newName}`;
    this.relations.delete(key);
    rel.key = newKey;
    rel.name = newName;
    this.relations.set(newKey, rel);
    for (const other of this.relations.values()) {
      if (other.index?.table === key) other.index = { ...other.index, table: newKey };
      if (other.partitionOf === key) other.partitionOf = newKey;
      if (other.indexes.delete(key)) other.indexes.add(newKey);
      if (other.dependsOn.delete(key)) other.dependsOn.add(newKey);
      for (const [name, c] of other.constraints) if (c.references === key) other.constraints.set(name, { ...c, references: newKey });
      for (const c of other.constraints.values()) if (c.index === key) c.index = newKey;
    }
  }

  /** Every partition below a partitioned table (or inheritance child), depth first. */
  partitionsOf(key: string): RelationInfo[] {
    const out: RelationInfo[] = [];
    for (const r of this.relations.values()) {
      if (r.partitionOf === key) out.push(r, ...this.partitionsOf(r.key));
    }
    return out;
  }

  defaultPartitionOf(key: string): RelationInfo | undefined {
    for (const r of this.relations.values()) if (r.partitionOf === key && r.isDefaultPartition) return r;
    return undefined;
  }

  /** Foreign keys on other tables (and on this one) that reference `key`. */
  referencingConstraints(key: string): { table: RelationInfo; constraint: ConstraintInfo }[] {
    const out: { table: RelationInfo; constraint: ConstraintInfo }[] = [];
    for (const r of this.relations.values()) {
      for (const c of r.constraints.values()) if (c.kind === 'foreign-key' && c.references === key) out.push({ table: r, constraint: c });
    }
    return out;
  }

  /** Views and matviews whose query reads `key`. */
  dependentViews(key: string): RelationInfo[] {
    return [...this.relations.values()].filter((r) => (r.kind === 'view' || r.kind === 'matview') && r.dependsOn.has(key));
  }

  /** Tables with a column whose type is this domain. */
  tablesUsingDomain(name: string): RelationInfo[] {
    return [...this.relations.values()].filter((r) => r.kind !== 'index' && [...r.columns.values()].some((c) => c.type?.name === name));
  }

  /** Whether an index with this key already exists (PostgreSQL then picks name1, name2…). */
  has(key: string): boolean {
    return this.relations.has(key);
  }

  /** The model after a revision: nothing in it is "new" for the next one. */
  settle(): void {
    for (const r of this.relations.values()) r.isNew = false;
  }
}

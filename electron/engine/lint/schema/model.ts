// What the analyzer knows about the schema the statements run against: tables and their
// columns, indexes, constraints, partitions, views and domains. Built by replaying earlier
// statements (earlier revisions, or a setup script) and, later, from a live catalog. The
// lock predictions that name second tables (an FK's parent, a table's indexes, the DEFAULT
// partition) come from here; without it the analyzer only names what the statement names.
import type { RelationKind } from '../types.ts';
import type { RelName } from '../parse.ts';
import type { PartitionBound } from './partitions.ts';
import { copyRelation, DomainMap, NameSet, type Journal, type ModelUndo } from './model-journal.ts';

export type { ModelUndo } from './model-journal.ts';

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
  /**
   * When each relation went into `relations` (add, rename): the map's iteration order, which
   * scans (partitions, referencing keys, dependent views) report in. Undoing a step can only
   * put a relation back at the end of a Map, so undo sorts by it to restore that order.
   */
  private readonly seqs = new Map<string, number>();
  private counter = 0;
  /** Relations added as new by the step in progress: settle() clears only these. */
  private readonly fresh = new Set<string>();
  private journal: Journal | undefined;
  readonly domains: Map<string, DomainInfo> = new DomainMap();
  readonly enums: Set<string> = new NameSet((j) => j.enums);
  readonly sequences: Set<string> = new NameSet((j) => j.sequences);

  clone(): SchemaModel {
    const copy = new SchemaModel();
    for (const [k, r] of this.relations) copy.insert(k, copyRelation(r));
    for (const [k, d] of this.domains) copy.domains.set(k, { ...d });
    for (const e of this.enums) copy.enums.add(e);
    for (const s of this.sequences) copy.sequences.add(s);
    for (const k of this.fresh) copy.fresh.add(k);
    return copy;
  }

  /**
   * Starts recording a step (one revision): until endStep, every relation the model hands out
   * is a copy made on first access, and the original is kept, so that undo() can take the step
   * back exactly. This is what lets a studio relint one edited revision without replaying
   * every revision before it.
   */
  beginStep(): void {
    this.journal = {
      relations: new Map(),
      domains: new Map(),
      enums: new Map(),
      sequences: new Map(),
      counter: this.counter,
    };
    this.setJournal(this.journal);
  }

  endStep(): ModelUndo {
    const journal = this.journal;
    if (!journal) throw new Error('internal: endStep without beginStep');
    this.journal = undefined;
    this.setJournal(undefined);
    return journal;
  }

  /** Takes steps back, the latest first (as endStep returned them, in order). */
  undo(steps: readonly ModelUndo[]): void {
    if (this.journal) throw new Error('internal: undo during a step');
    let reorder = false;
    for (let i = steps.length - 1; i >= 0; i--) {
      const step = steps[i] as ModelUndo;
      for (const [key, before] of step.relations) {
        if (before.rel === undefined) {
          this.relations.delete(key);
          this.seqs.delete(key);
          continue;
        }
        if (this.seqs.get(key) !== before.seq) reorder = true;
        this.relations.set(key, before.rel);
        this.seqs.set(key, before.seq as number);
      }
      // No step is being recorded here, so these are plain Map and Set operations.
      for (const [key, d] of step.domains) {
        if (d === undefined) this.domains.delete(key);
        else this.domains.set(key, d);
      }
      for (const [set, names] of [
        [this.enums, step.enums],
        [this.sequences, step.sequences],
      ] as const) {
        for (const [name, had] of names) {
          if (had) set.add(name);
          else set.delete(name);
        }
      }
      this.counter = step.counter;
    }
    this.fresh.clear();
    if (!reorder) return;
    const entries = [...this.relations].sort(
      (a, b) => (this.seqs.get(a[0]) as number) - (this.seqs.get(b[0]) as number),
    );
    this.relations.clear();
    for (const [k, r] of entries) this.relations.set(k, r);
  }

  private setJournal(journal: Journal | undefined): void {
    (this.domains as DomainMap).journal = journal;
    (this.enums as NameSet).journal = journal;
    (this.sequences as NameSet).journal = journal;
  }

  /** The relation under `key` as the caller may change it: within a step, a copy made on first access. */
  private touch(key: string): RelationInfo | undefined {
    const r = this.relations.get(key);
    const j = this.journal;
    if (!r || !j || j.relations.has(key)) return r;
    j.relations.set(key, { rel: r, seq: this.seqs.get(key) });
    const copy = copyRelation(r);
    this.relations.set(key, copy);
    return copy;
  }

  /** Remembers a relation's state before the step changes which relation `key` names. */
  private rememberKey(key: string): void {
    const j = this.journal;
    if (j && !j.relations.has(key)) j.relations.set(key, { rel: this.relations.get(key), seq: this.seqs.get(key) });
  }

  /** Map.set with the bookkeeping: a key new to the map goes last in the iteration order. */
  private insert(key: string, r: RelationInfo): void {
    this.rememberKey(key);
    if (!this.relations.has(key)) this.seqs.set(key, ++this.counter);
    this.relations.set(key, r);
  }

  private drop(key: string): void {
    this.rememberKey(key);
    this.relations.delete(key);
    this.seqs.delete(key);
    this.fresh.delete(key);
  }

  /** Every relation, each as the caller may change it (see touch). */
  private *each(): IterableIterator<RelationInfo> {
    for (const k of [...this.relations.keys()]) {
      const r = this.touch(k);
      if (r) yield r;
    }
  }

  get(key: string): RelationInfo | undefined {
    return this.touch(key);
  }

  find(rel: RelName | undefined): RelationInfo | undefined {
    return rel ? this.get(relationKey(rel)) : undefined;
  }

  all(): IterableIterator<RelationInfo> {
    return this.journal ? this.each() : this.relations.values();
  }

  /** The relation if known; else a detached stand-in (not stored) that knows only its name. */
  resolve(rel: RelName, kind: RelationKind): RelationInfo {
    return this.find(rel) ?? { ...this.blank(rel, kind, false), columnsKnown: false };
  }

  add(rel: RelName, kind: RelationKind, isNew: boolean): RelationInfo {
    const info = this.blank(rel, kind, isNew);
    this.insert(info.key, info);
    if (isNew) this.fresh.add(info.key);
    else this.fresh.delete(info.key);
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

  addIndex(
    indexRel: RelName,
    table: RelationInfo,
    columns: readonly string[],
    unique: boolean,
    isNew: boolean,
  ): RelationInfo {
    const index = this.add({ schema: indexRel.schema ?? table.schema, name: indexRel.name }, 'index', isNew);
    index.index = { table: table.key, columns, unique };
    table.indexes.add(index.key);
    return index;
  }

  remove(key: string): void {
    const rel = this.relations.get(key);
    if (!rel) return;
    this.drop(key);
    for (const i of rel.indexes) this.drop(i);
    if (rel.index) this.get(rel.index.table)?.indexes.delete(key);
    // Over the keys as they are now: a nested remove (a partition) may drop or copy others.
    for (const k of [...this.relations.keys()]) {
      const other = this.relations.get(k);
      if (!other) continue;
      if ([...other.constraints.values()].some((c) => c.references === key)) {
        const own = this.touch(k) as RelationInfo;
        for (const [name, c] of own.constraints) if (c.references === key) own.constraints.delete(name);
      }
      if (other.partitionOf === key) this.remove(k);
    }
  }

  rename(key: string, newName: string): void {
    const found = this.get(key);
    if (!found) return;
    const rel = found;
    const newKey = `${rel.schema}.${newName}`;
    const wasFresh = this.fresh.has(key);
    this.drop(key);
    rel.key = newKey;
    rel.name = newName;
    this.insert(newKey, rel);
    if (wasFresh) this.fresh.add(newKey);
    for (const k of [...this.relations.keys()]) {
      const r = this.relations.get(k) as RelationInfo;
      const names =
        r.index?.table === key ||
        r.partitionOf === key ||
        r.indexes.has(key) ||
        r.dependsOn.has(key) ||
        [...r.constraints.values()].some((c) => c.references === key || c.index === key);
      if (!names) continue;
      const other = this.touch(k) as RelationInfo;
      if (other.index?.table === key) other.index = { ...other.index, table: newKey };
      if (other.partitionOf === key) other.partitionOf = newKey;
      if (other.indexes.delete(key)) other.indexes.add(newKey);
      if (other.dependsOn.delete(key)) other.dependsOn.add(newKey);
      for (const [name, c] of other.constraints)
        if (c.references === key) other.constraints.set(name, { ...c, references: newKey });
      for (const c of other.constraints.values()) if (c.index === key) c.index = newKey;
    }
  }

  /** The relations a test picks, each as the caller may change it (scans touch only what they return). */
  private pick(test: (r: RelationInfo) => boolean): RelationInfo[] {
    const keys: string[] = [];
    for (const [k, r] of this.relations) if (test(r)) keys.push(k);
    return keys.map((k) => this.touch(k) as RelationInfo);
  }

  /** Every partition below a partitioned table (or inheritance child), depth first. */
  partitionsOf(key: string): RelationInfo[] {
    const out: RelationInfo[] = [];
    for (const r of this.pick((x) => x.partitionOf === key)) out.push(r, ...this.partitionsOf(r.key));
    return out;
  }

  defaultPartitionOf(key: string): RelationInfo | undefined {
    for (const [k, r] of this.relations) if (r.partitionOf === key && r.isDefaultPartition) return this.touch(k);
    return undefined;
  }

  /** Foreign keys on other tables (and on this one) that reference `key`. */
  referencingConstraints(key: string): { table: RelationInfo; constraint: ConstraintInfo }[] {
    const out: { table: RelationInfo; constraint: ConstraintInfo }[] = [];
    for (const r of this.pick((x) =>
      [...x.constraints.values()].some((c) => c.kind === 'foreign-key' && c.references === key),
    )) {
      for (const c of r.constraints.values())
        if (c.kind === 'foreign-key' && c.references === key) out.push({ table: r, constraint: c });
    }
    return out;
  }

  /** Views and matviews whose query reads `key`. */
  dependentViews(key: string): RelationInfo[] {
    return this.pick((r) => (r.kind === 'view' || r.kind === 'matview') && r.dependsOn.has(key));
  }

  /** Tables with a column whose type is this domain. */
  tablesUsingDomain(name: string): RelationInfo[] {
    return this.pick((r) => r.kind !== 'index' && [...r.columns.values()].some((c) => c.type?.name === name));
  }

  /** Whether an index with this key already exists (PostgreSQL then picks name1, name2…). */
  has(key: string): boolean {
    return this.relations.has(key);
  }

  /**
   * The model after a revision: nothing in it is "new" for the next one. Only relations added
   * as new since the last settle can be new: clearing every relation after every revision made
   * a project's lint quadratic (14,000 relations × 10,000 revisions).
   */
  settle(): void {
    for (const key of this.fresh) {
      const r = this.touch(key);
      if (r) r.isNew = false;
    }
    this.fresh.clear();
  }
}

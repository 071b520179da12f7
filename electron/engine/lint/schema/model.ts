// What the analyzer knows about the schema the statements run against: tables and their
// columns, indexes, constraints, partitions, views and domains. Built by replaying earlier
// statements (earlier revisions, or a setup script) and, later, from a live catalog. The
// lock predictions that name second tables (an FK's parent, a table's indexes, the DEFAULT
// partition) come from here; without it the analyzer only names what the statement names.
import type { RelationKind } from '../types.ts';
import type { RelName } from '../parse.ts';
import { copyRelation, DomainMap, NameSet, type Journal, type ModelUndo } from './model-journal.ts';
import { Mentions } from './mentions.ts';
import type { ConstraintInfo, DomainInfo, RelationInfo } from './model-types.ts';

export type { ModelUndo } from './model-journal.ts';
export type {
  ColumnInfo,
  ColumnType,
  ConstraintInfo,
  ConstraintKind,
  Constraints,
  DomainInfo,
  IndexInfo,
  RelationInfo,
} from './model-types.ts';

/** A relation as the model itself changes it: the fields its reverse indexes follow. */
type Writable = Omit<RelationInfo, 'constraints' | 'partitionOf' | 'dependsOn'> & {
  constraints: Map<string, ConstraintInfo>;
  partitionOf?: string;
  dependsOn: Set<string>;
};

function writable(r: RelationInfo): Writable {
  return r as Writable;
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
  /** What names each relation: what the scans over every relation used to find. */
  private readonly mentions = new Mentions(
    (key) => this.relations.get(key),
    (key) => this.seqs.get(key) ?? 0,
  );
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
        this.mentions.note(key, before.rel);
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
    this.mentions.note(key, r);
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

  /** Adds or replaces a constraint of `rel` (a relation the model handed out). */
  setConstraint(rel: RelationInfo, c: ConstraintInfo): void {
    writable(rel).constraints.set(c.name, c);
    if (c.references !== undefined) this.mentions.add('reference', c.references, rel.key);
    if (c.index !== undefined) this.mentions.add('index', c.index, rel.key);
  }

  /** Makes `rel` a partition (or inheritance child) of `parent`, or of nothing. */
  setPartitionOf(rel: RelationInfo, parent: string | undefined): void {
    const w = writable(rel);
    if (parent === undefined) {
      delete w.partitionOf;
      return;
    }
    w.partitionOf = parent;
    this.mentions.add('partition', parent, rel.key);
  }

  /** The relations the query of a view (matview, CREATE TABLE AS) reads. */
  setDependsOn(rel: RelationInfo, keys: Iterable<string>): void {
    const w = writable(rel);
    w.dependsOn = new Set(keys);
    for (const k of w.dependsOn) this.mentions.add('dependency', k, rel.key);
  }

  remove(key: string): void {
    const rel = this.relations.get(key);
    if (!rel) return;
    // Found before the drop: a relation's own foreign key to itself is gone with it.
    const holders = [
      ...new Set([...this.mentions.holders('reference', key), ...this.mentions.holders('partition', key)]),
    ];
    this.drop(key);
    for (const i of rel.indexes) this.drop(i);
    if (rel.index) this.get(rel.index.table)?.indexes.delete(key);
    for (const k of holders.sort((a, b) => (this.seqs.get(a) ?? 0) - (this.seqs.get(b) ?? 0))) {
      // Looked up again: a nested remove (a partition) may have dropped or copied it.
      const other = this.relations.get(k);
      if (!other) continue;
      if (hasReferenceTo(other, key)) {
        const own = this.touch(k) as RelationInfo;
        for (const [name, c] of own.constraints) if (c.references === key) own.constraints.delete(name);
      }
      if (other.partitionOf === key) this.remove(k);
    }
  }

  rename(key: string, newName: string): void {
    const rel = this.get(key);
    if (!rel) return;
    const newKey = `${rel.schema}.${newName}`;
    // Found under the old key, before the move (a foreign key of the relation to itself too).
    const holders = this.mentions.anyHolders(key).map((k) => (k === key ? newKey : k));
    const wasFresh = this.fresh.has(key);
    this.drop(key);
    rel.key = newKey;
    rel.name = newName;
    this.insert(newKey, rel);
    if (wasFresh) this.fresh.add(newKey);
    // Its indexes name it as their table; an index is named by its table.
    for (const k of new Set([...holders, ...rel.indexes, ...(rel.index ? [rel.index.table] : [])])) {
      const other = this.touch(k);
      if (!other) continue;
      if (other.index?.table === key) other.index = { ...other.index, table: newKey };
      if (other.partitionOf === key) this.setPartitionOf(other, newKey);
      if (other.indexes.delete(key)) other.indexes.add(newKey);
      if (other.dependsOn.has(key))
        this.setDependsOn(other, [...other.dependsOn].filter((d) => d !== key).concat(newKey));
      for (const c of [...other.constraints.values()]) {
        if (c.references !== key && c.index !== key) continue;
        this.setConstraint(other, {
          ...c,
          ...(c.references === key ? { references: newKey } : {}),
          ...(c.index === key ? { index: newKey } : {}),
        });
      }
    }
  }

  /** The relations a test picks, each as the caller may change it (scans touch only what they return). */
  private pick(test: (r: RelationInfo) => boolean): RelationInfo[] {
    const keys: string[] = [];
    for (const [k, r] of this.relations) if (test(r)) keys.push(k);
    return keys.map((k) => this.touch(k) as RelationInfo);
  }

  /** The relations of a schema (DROP SCHEMA: rare, so a scan). */
  inSchema(schema: string): RelationInfo[] {
    return this.pick((r) => r.schema === schema);
  }

  /** The direct partitions (or inheritance children) of a table. */
  childrenOf(key: string): RelationInfo[] {
    return this.mentions.holders('partition', key).map((k) => this.touch(k) as RelationInfo);
  }

  /**
   * Every partition below a partitioned table (or inheritance child), depth first. Once each:
   * files PostgreSQL would refuse can make a cycle (`ALTER TABLE a INHERIT b` both ways).
   */
  partitionsOf(key: string, seen?: Set<string>): RelationInfo[] {
    const children = this.childrenOf(key);
    // Asked of nearly every table an ALTER names, and nearly every one has no partition.
    if (children.length === 0) return children;
    seen ??= new Set<string>([key]);
    const out: RelationInfo[] = [];
    for (const r of children) {
      if (seen.has(r.key)) continue;
      seen.add(r.key);
      out.push(r, ...this.partitionsOf(r.key, seen));
    }
    return out;
  }

  defaultPartitionOf(key: string): RelationInfo | undefined {
    for (const k of this.mentions.holders('partition', key))
      if (this.relations.get(k)?.isDefaultPartition) return this.touch(k);
    return undefined;
  }

  /** Foreign keys on other tables (and on this one) that reference `key`. */
  referencingConstraints(key: string): { table: RelationInfo; constraint: ConstraintInfo }[] {
    const out: { table: RelationInfo; constraint: ConstraintInfo }[] = [];
    for (const k of this.mentions.holders('reference', key)) {
      const r = this.touch(k) as RelationInfo;
      for (const c of r.constraints.values())
        if (c.kind === 'foreign-key' && c.references === key) out.push({ table: r, constraint: c });
    }
    return out;
  }

  /** Views and matviews whose query reads `key`. */
  dependentViews(key: string): RelationInfo[] {
    const out: RelationInfo[] = [];
    for (const k of this.mentions.holders('dependency', key)) {
      const kind = this.relations.get(k)?.kind;
      if (kind === 'view' || kind === 'matview') out.push(this.touch(k) as RelationInfo);
    }
    return out;
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

function hasReferenceTo(r: RelationInfo, key: string): boolean {
  for (const c of r.constraints.values()) if (c.references === key) return true;
  return false;
}

// The journal behind SchemaModel.beginStep/endStep/undo: what a step changed, kept as the
// objects it replaced (relations are copied on first access within a step, so the originals
// stay untouched), and the collections that record their own changes.
import type { DomainInfo, RelationInfo } from './model-types.ts';

/** A relation's own copy: its collections are not shared with the original. */
export function copyRelation(r: RelationInfo): RelationInfo {
  return {
    ...r,
    columns: new Map([...r.columns].map(([n, c]) => [n, { ...c }])),
    constraints: new Map([...r.constraints].map(([n, c]) => [n, { ...c, columns: [...c.columns] }])),
    indexes: new Set(r.indexes),
    dependsOn: new Set(r.dependsOn),
    dependsOnColumns: new Set(r.dependsOnColumns),
    triggers: new Set(r.triggers),
  };
}

/**
 * A step being recorded: for every relation (by key), domain, enum and sequence it touched, the state before the step.
 */
export interface Journal {
  readonly relations: Map<string, { readonly rel: RelationInfo | undefined; readonly seq: number | undefined }>;
  readonly domains: Map<string, DomainInfo | undefined>;
  readonly enums: Map<string, boolean>;
  readonly sequences: Map<string, boolean>;
  /** SchemaModel's insertion counter before the step. */
  readonly counter: number;
}

/** What one journaled step changed (SchemaModel.beginStep … endStep), to take it back with undo(). */
export type ModelUndo = {
  readonly [K in keyof Journal]: Journal[K] extends Map<infer Key, infer Value> ? ReadonlyMap<Key, Value> : Journal[K];
};

/** Domains, copied on first access within a journaled step (AlterDomain mutates one in place). */
export class DomainMap extends Map<string, DomainInfo> {
  journal: Journal | undefined;

  private remember(key: string): void {
    const j = this.journal;
    if (j && !j.domains.has(key)) j.domains.set(key, super.get(key));
  }

  override get(key: string): DomainInfo | undefined {
    const d = super.get(key);
    const j = this.journal;
    if (!d || !j || j.domains.has(key)) return d;
    j.domains.set(key, d);
    const copy = { ...d };
    super.set(key, copy);
    return copy;
  }

  override set(key: string, value: DomainInfo): this {
    this.remember(key);
    return super.set(key, value);
  }

  override delete(key: string): boolean {
    this.remember(key);
    return super.delete(key);
  }
}

/** A set of names whose additions and removals within a journaled step are remembered. */
export class NameSet extends Set<string> {
  journal: Journal | undefined;

  constructor(private readonly pick: (j: Journal) => Map<string, boolean>) {
    super();
  }

  private remember(name: string): void {
    const j = this.journal;
    if (!j) return;
    const seen = this.pick(j);
    if (!seen.has(name)) seen.set(name, this.has(name));
  }

  override add(name: string): this {
    this.remember(name);
    return super.add(name);
  }

  override delete(name: string): boolean {
    this.remember(name);
    return super.delete(name);
  }
}

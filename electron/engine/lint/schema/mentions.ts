// The schema model's reverse indexes: for a relation's key, the keys of the relations that
// name it — as a foreign key's referenced table, as a key constraint's index, as their
// partition parent, or in a view's query. Without them every DROP, RENAME or ALTER scanned
// every relation of the model, and a folder of 1,000 files linted as one history spent most
// of its time there.
//
// An entry is a hint, not a fact: relations change in place (copy-on-write within a step,
// renames, dropped constraints), so each holder is checked against the relation as it stands
// and forgotten once it no longer names the key. What must never happen is a holder missing:
// every way a relation comes to name another (SchemaModel.setConstraint, setPartitionOf,
// setDependsOn, insert, undo) notes it here.
import type { RelationInfo } from './model-types.ts';

export type MentionKind = 'reference' | 'index' | 'partition' | 'dependency';

const KINDS: readonly MentionKind[] = ['reference', 'index', 'partition', 'dependency'];

/** Whether `r` names `target` in that way: the one test an entry is checked with. */
function names(kind: MentionKind, r: RelationInfo, target: string): boolean {
  switch (kind) {
    case 'reference':
      for (const c of r.constraints.values()) if (c.references === target) return true;
      return false;
    case 'index':
      for (const c of r.constraints.values()) if (c.index === target) return true;
      return false;
    case 'partition':
      return r.partitionOf === target;
    case 'dependency':
      return r.dependsOn.has(target);
  }
}

export class Mentions {
  private readonly byKind: Record<MentionKind, Map<string, Set<string>>> = {
    reference: new Map(),
    index: new Map(),
    partition: new Map(),
    dependency: new Map(),
  };

  /**
   * @param relation the relation stored under a key, as it stands
   * @param order a key's place in the model's iteration order, which queries answer in
   */
  constructor(
    private readonly relation: (key: string) => RelationInfo | undefined,
    private readonly order: (key: string) => number,
  ) {}

  add(kind: MentionKind, target: string, holder: string): void {
    const byTarget = this.byKind[kind];
    const holders = byTarget.get(target);
    if (holders) holders.add(holder);
    else byTarget.set(target, new Set([holder]));
  }

  /** Notes every relation that `r`, stored under `holder`, names as it stands. */
  note(holder: string, r: RelationInfo): void {
    for (const c of r.constraints.values()) {
      if (c.references !== undefined) this.add('reference', c.references, holder);
      if (c.index !== undefined) this.add('index', c.index, holder);
    }
    if (r.partitionOf !== undefined) this.add('partition', r.partitionOf, holder);
    for (const d of r.dependsOn) this.add('dependency', d, holder);
  }

  /** The keys of the relations that name `target` in that way, in the model's order. */
  holders(kind: MentionKind, target: string): string[] {
    const byTarget = this.byKind[kind];
    const set = byTarget.get(target);
    if (!set) return [];
    const out: string[] = [];
    for (const h of set) {
      const r = this.relation(h);
      if (r && names(kind, r, target)) out.push(h);
      else set.delete(h);
    }
    if (set.size === 0) byTarget.delete(target);
    return out.length > 1 ? out.sort((a, b) => this.order(a) - this.order(b)) : out;
  }

  /** The keys of the relations that name `target` in any way, in the model's order. */
  anyHolders(target: string): string[] {
    const out = new Set<string>();
    for (const kind of KINDS) for (const h of this.holders(kind, target)) out.add(h);
    return [...out].sort((a, b) => this.order(a) - this.order(b));
  }
}

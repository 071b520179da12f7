// The branches of a revision graph between heads: for each head, the revisions since the
// fork point (what the other heads do not have), in the order an upgrade applies them.
import type { RevisionId } from '../../../shared/model/revision.ts';
import type { RevisionMap } from '../graph/revision-map.ts';

export interface Branch {
  readonly head: RevisionId;
  /** Ancestors of the head (itself included) that not every other head has, parents first. */
  readonly revisions: readonly RevisionId[];
}

export interface Branches {
  /** The newest revisions every head has (none when the heads share no base). */
  readonly forkPoints: readonly RevisionId[];
  /** Everything every head has: what both orders of a shadow check start from. */
  readonly common: ReadonlySet<RevisionId>;
  readonly branches: readonly Branch[];
}

export function branchesOf(map: RevisionMap, heads: readonly RevisionId[]): Branches {
  const ancestry = heads.map((h) => map.ancestors([h]));
  const common = new Set([...(ancestry[0] ?? [])].filter((id) => ancestry.every((a) => a.has(id))));
  // A fork point is a common revision no other common revision descends from.
  const below = new Set<RevisionId>();
  for (const id of common) for (const p of map.get(id).parents) below.add(p);
  for (const id of common) for (const d of map.get(id).dependsOn) below.add(d);
  const forkPoints = map.sortForUpgrade([...common].filter((id) => !below.has(id)));
  const branches = heads.map((head, k) => ({
    head,
    revisions: map.sortForUpgrade([...(ancestry[k] as Set<RevisionId>)].filter((id) => !common.has(id))),
  }));
  return { forkPoints, common, branches };
}

/** What `a` has that `b` does not, parents first: one side of a pair. */
export function onlyOn(map: RevisionMap, a: RevisionId, b: RevisionId): RevisionId[] {
  const theirs = map.ancestors([b]);
  return map.sortForUpgrade([...map.ancestors([a])].filter((id) => !theirs.has(id)));
}

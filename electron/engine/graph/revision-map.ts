// The revision map: a pure DAG over parents (the history) and depends-on (apply-first edges
// that are not history). No I/O. Built once per load; every graph question is answered here.
import type { Revision, RevisionId } from '../../../shared/model/revision.ts';
import type { GraphProblem } from './errors.ts';

/**
 * How branch labels reach the revisions below the labelled one. `strata`: down the
 * single-parent chain to the branch point. `alembic`: as Alembic 1.8's RevisionMap does it,
 * which walks down from the top of the label's branch only when that branch above the label
 * is a single line, and also stops at a revision that another one depends on.
 */
export type LabelPropagation = 'strata' | 'alembic';

export interface BuildOptions {
  readonly labels?: LabelPropagation;
}

export type BuildResult =
  { readonly ok: true; readonly map: RevisionMap } | { readonly ok: false; readonly problems: readonly GraphProblem[] };

/**
 * The graph in integer form: revision k of the build's input, its edges as offsets into flat
 * arrays (parents first, then depends-on). Every walk over the whole graph (cycle check,
 * topological order, closures, label propagation) runs on these instead of Maps of strings:
 * a 10,000-revision project is built on every load, and Map lookups plus per-node arrays
 * were most of that time.
 */
interface Edges {
  /** upOf(k) = up[upStart[k] .. upStart[k+1]): parents, then depends-on. */
  readonly upStart: Int32Array;
  readonly up: Int32Array;
  /** How many of a revision's up-edges are parents (the rest are depends-on). */
  readonly parentCount: Int32Array;
}

function indexEdges(revisions: readonly Revision[], index: ReadonlyMap<RevisionId, number>): Edges {
  const n = revisions.length;
  const upStart = new Int32Array(n + 1);
  const parentCount = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const r = revisions[k] as Revision;
    parentCount[k] = r.parents.length;
    upStart[k + 1] = (upStart[k] as number) + r.parents.length + r.dependsOn.length;
  }
  const up = new Int32Array(upStart[n] as number);
  let at = 0;
  for (let k = 0; k < n; k++) {
    const r = revisions[k] as Revision;
    // Edges to unknown revisions are reported by build() before any walk; -1 keeps them inert.
    for (const p of r.parents) up[at++] = index.get(p) ?? -1;
    for (const d of r.dependsOn) up[at++] = index.get(d) ?? -1;
  }
  return { upStart, up, parentCount };
}

/** Every up-edge k → target, in order; isParent is false for a depends-on edge. */
function forEachUpEdge(edges: Edges, visit: (k: number, target: number, isParent: boolean) => void): void {
  const { upStart, up, parentCount } = edges;
  for (let k = 0; k + 1 < upStart.length; k++) {
    const from = upStart[k] as number;
    const split = from + (parentCount[k] as number);
    for (let e = from, to = upStart[k + 1] as number; e < to; e++) visit(k, up[e] as number, e < split);
  }
}

export class RevisionMap {
  readonly byId: ReadonlyMap<RevisionId, Revision>;
  /** Children through parent edges only; heads are revisions without children, as in Alembic. */
  readonly children: ReadonlyMap<RevisionId, readonly RevisionId[]>;
  readonly dependents: ReadonlyMap<RevisionId, readonly RevisionId[]>;
  readonly heads: readonly RevisionId[];
  readonly bases: readonly RevisionId[];
  /** Declared label → the revision that declares it. */
  readonly labels: ReadonlyMap<string, RevisionId>;
  /** A deterministic topological order (parents and dependencies first), used for every plan. */
  readonly order: readonly RevisionId[];
  private readonly revisions: readonly Revision[];
  private readonly index: ReadonlyMap<RevisionId, number>;
  private readonly edges: Edges;
  /** Down-edges (children, then dependents) in the same flat form as Edges.up. */
  private readonly downStart: Int32Array;
  private readonly down: Int32Array;
  private readonly childCount: Int32Array;
  /** Revision k's place in `order`. */
  private readonly position: Int32Array;
  private readonly propagatedLabels: ReadonlyMap<RevisionId, readonly string[]>;

  private constructor(
    revisions: readonly Revision[],
    index: ReadonlyMap<RevisionId, number>,
    edges: Edges,
    propagation: LabelPropagation,
  ) {
    const n = revisions.length;
    this.revisions = revisions;
    this.index = index;
    this.edges = edges;
    const byId = new Map<RevisionId, Revision>();
    for (const r of revisions) byId.set(r.id, r);
    this.byId = byId;

    // Down-edges: children first (in the order the children appear), then dependents.
    const childCount = new Int32Array(n);
    const downCount = new Int32Array(n);
    // Two passes, counting then filling: the usual way to lay edges out flat.
    forEachUpEdge(edges, (_k, target, isParent) => {
      if (isParent) childCount[target] = (childCount[target] as number) + 1;
      downCount[target] = (downCount[target] as number) + 1;
    });
    const downStart = new Int32Array(n + 1);
    for (let k = 0; k < n; k++) downStart[k + 1] = (downStart[k] as number) + (downCount[k] as number);
    const down = new Int32Array(downStart[n] as number);
    const childFill = new Int32Array(n);
    const dependentFill = new Int32Array(n);
    forEachUpEdge(edges, (k, target, isParent) => {
      const fill = isParent ? childFill : dependentFill;
      const slot = fill[target] as number;
      fill[target] = slot + 1;
      down[(downStart[target] as number) + (isParent ? 0 : (childCount[target] as number)) + slot] = k;
    });
    this.downStart = downStart;
    this.down = down;
    this.childCount = childCount;

    const children = new Map<RevisionId, RevisionId[]>();
    const dependents = new Map<RevisionId, RevisionId[]>();
    for (let k = 0; k < n; k++) {
      const from = downStart[k] as number;
      const split = from + (childCount[k] as number);
      const to = downStart[k + 1] as number;
      const kids: RevisionId[] = new Array<RevisionId>(split - from);
      for (let e = from; e < split; e++) kids[e - from] = (revisions[down[e] as number] as Revision).id;
      children.set((revisions[k] as Revision).id, kids);
      if (to > split) {
        const deps: RevisionId[] = new Array<RevisionId>(to - split);
        for (let e = split; e < to; e++) deps[e - split] = (revisions[down[e] as number] as Revision).id;
        dependents.set((revisions[k] as Revision).id, deps);
      }
    }
    this.children = children;
    this.dependents = dependents;

    const byCreated = (a: Revision, b: Revision): number => {
      const ca = a.created ?? '';
      const cb = b.created ?? '';
      return ca < cb ? -1 : ca > cb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    };
    const heads: Revision[] = [];
    const bases: Revision[] = [];
    for (let k = 0; k < n; k++) {
      if (childCount[k] === 0) heads.push(revisions[k] as Revision);
      if (edges.parentCount[k] === 0) bases.push(revisions[k] as Revision);
    }
    this.heads = heads.sort(byCreated).map((r) => r.id);
    this.bases = bases.sort(byCreated).map((r) => r.id);
    const labels = new Map<string, RevisionId>();
    for (const r of revisions) for (const l of r.branchLabels) labels.set(l, r.id);
    this.labels = labels;

    const orderIdx = this.postOrder(this.heads.map((id) => index.get(id) as number));
    const order: RevisionId[] = new Array<RevisionId>(orderIdx.length);
    const position = new Int32Array(n);
    for (let i = 0; i < orderIdx.length; i++) {
      const k = orderIdx[i] as number;
      order[i] = (revisions[k] as Revision).id;
      position[k] = i;
    }
    this.order = order;
    this.position = position;
    this.propagatedLabels = this.propagateLabels(orderIdx, propagation);
  }

  /** Validates and builds; every problem is reported, each with its file and line. */
  static build(revisions: readonly Revision[], options: BuildOptions = {}): BuildResult {
    const problems: GraphProblem[] = [];
    const seen = new Map<RevisionId, Revision>();
    for (const r of revisions) {
      const first = seen.get(r.id);
      if (first) {
        problems.push({
          code: 'duplicate-revision',
          file: r.file,
          line: r.lines.revision,
          message: `revision ${r.id} is also defined in ${first.file}:${first.lines.revision}`,
        });
      } else seen.set(r.id, r);
    }
    const labelOwner = new Map<string, Revision>();
    for (const r of seen.values()) {
      for (const p of r.parents) {
        if (!seen.has(p))
          problems.push({
            code: 'unknown-parent',
            file: r.file,
            line: r.lines.parents,
            message: `parent ${p} of ${r.id} does not exist`,
          });
      }
      for (const d of r.dependsOn) {
        if (!seen.has(d))
          problems.push({
            code: 'unknown-dependency',
            file: r.file,
            line: r.lines.dependsOn,
            message: `depends-on ${d} of ${r.id} does not exist`,
          });
      }
      for (const l of r.branchLabels) {
        const owner = labelOwner.get(l);
        if (owner)
          problems.push({
            code: 'duplicate-label',
            file: r.file,
            line: r.lines.branchLabels,
            message: `branch label '${l}' is already used by ${owner.id} (${owner.file})`,
          });
        else labelOwner.set(l, r);
        if (seen.has(l as RevisionId))
          problems.push({
            code: 'label-is-revision',
            file: r.file,
            line: r.lines.branchLabels,
            message: `branch label '${l}' is also a revision id`,
          });
      }
    }
    if (problems.length > 0) return { ok: false, problems };
    const unique = seen.size === revisions.length ? revisions : [...seen.values()];
    const index = new Map<RevisionId, number>();
    for (let k = 0; k < unique.length; k++) index.set((unique[k] as Revision).id, k);
    const edges = indexEdges(unique, index);
    const cycle = findCycle(unique, edges);
    if (cycle) {
      const first = unique[cycle[0] as number] as Revision;
      const ids = cycle.map((k) => (unique[k] as Revision).id);
      const path = [...ids, ids[0]].join(' -> ');
      const files = cycle.map((k) => (unique[k] as Revision).file).join(', ');
      return {
        ok: false,
        problems: [
          {
            code: 'cycle',
            file: first.file,
            line: first.lines.parents,
            message: `cycle in the revision graph: ${path} (files: ${files})`,
          },
        ],
      };
    }
    return { ok: true, map: new RevisionMap(unique, index, edges, options.labels ?? 'strata') };
  }

  get(id: RevisionId): Revision {
    const r = this.byId.get(id);
    if (!r) throw new Error(`internal: unknown revision ${id}`);
    return r;
  }

  has(id: string): id is RevisionId {
    return this.byId.has(id as RevisionId);
  }

  /** The revisions that name it as a parent (a revision that only depends on it is not a child). */
  childrenOf(id: RevisionId): readonly RevisionId[] {
    return this.children.get(id) ?? [];
  }

  /** A head, as in Alembic: no revision has it as a parent; depends-on edges do not count. */
  isHead(id: RevisionId): boolean {
    return this.childrenOf(id).length === 0;
  }

  /** Labels of a revision, with Alembic's propagation: declared on an ancestor of its branch. */
  labelsOf(id: RevisionId): readonly string[] {
    return this.propagatedLabels.get(id) ?? [];
  }

  /** The revision and everything that must be applied before it (parents and depends-on). */
  ancestors(ids: Iterable<RevisionId>): Set<RevisionId> {
    return this.closure(ids, this.edges.upStart, this.edges.up);
  }

  /** The revisions and everything applied on top of them (children and dependents). */
  descendants(ids: Iterable<RevisionId>): Set<RevisionId> {
    return this.closure(ids, this.downStart, this.down);
  }

  /** Topological order of a subset: parents and dependencies first, deterministic. */
  sortForUpgrade(ids: Iterable<RevisionId>): RevisionId[] {
    const list = [...ids];
    // A large subset (a whole upgrade from base) is cheaper to pick out of the order than to sort.
    if (list.length * 8 > this.order.length) {
      const wanted = new Uint8Array(this.order.length);
      for (const id of list) {
        const k = this.index.get(id);
        if (k !== undefined) wanted[this.position[k] as number] = 1;
      }
      const out: RevisionId[] = [];
      for (let i = 0; i < this.order.length; i++) if (wanted[i] === 1) out.push(this.order[i] as RevisionId);
      return out;
    }
    const at = (id: RevisionId): number => {
      const k = this.index.get(id);
      return k === undefined ? 0 : (this.position[k] as number);
    };
    return list.sort((a, b) => at(a) - at(b));
  }

  private closure(start: Iterable<RevisionId>, edgeStart: Int32Array, edges: Int32Array): Set<RevisionId> {
    const n = this.revisions.length;
    const seen = new Uint8Array(n);
    const stack = new Int32Array(n);
    let top = 0;
    const out = new Set<RevisionId>();
    for (const id of start) {
      const k = this.index.get(id);
      if (k === undefined) throw new Error(`internal: unknown revision ${id}`);
      if (seen[k] === 0) {
        seen[k] = 1;
        stack[top++] = k;
      }
    }
    while (top > 0) {
      const k = stack[--top] as number;
      out.add((this.revisions[k] as Revision).id);
      for (let e = edgeStart[k] as number, end = edgeStart[k + 1] as number; e < end; e++) {
        const next = edges[e] as number;
        if (seen[next] === 0) {
          seen[next] = 1;
          stack[top++] = next;
        }
      }
    }
    return out;
  }

  /** Depth-first post-order from the heads: one branch is finished before the next starts. */
  private postOrder(roots: readonly number[]): Int32Array {
    const order = new Int32Array(this.revisions.length);
    let count = 0;
    depthFirst(this.edges, roots, (k) => {
      order[count++] = k;
    });
    return order.subarray(0, count);
  }

  /**
   * Alembic's propagation: a label names its revision, everything above it (through child
   * edges), and the revisions below it down to the branch point — including those written
   * before the label was. Computed in one pass in topological order, each revision's list
   * built from its parents'; a list is kept in declaration order of the labels.
   */
  private propagateLabels(orderIdx: Int32Array, propagation: LabelPropagation): Map<RevisionId, readonly string[]> {
    const revisions = this.revisions;
    const n = revisions.length;
    const rank = new Map<string, number>();
    for (const r of revisions) for (const l of r.branchLabels) if (!rank.has(l)) rank.set(l, rank.size);
    const out = new Map<RevisionId, readonly string[]>();
    if (rank.size === 0) return out;
    const byRank = (a: string, b: string): number => (rank.get(a) as number) - (rank.get(b) as number);
    const union = (a: readonly string[], b: readonly string[]): readonly string[] => {
      if (a.length === 0 || a === b) return b;
      if (b.length === 0) return a;
      const merged = [...a];
      for (const l of b) if (!merged.includes(l)) merged.push(l);
      return merged.length === a.length ? a : merged.sort(byRank);
    };
    const { upStart, up, parentCount } = this.edges;
    const EMPTY: readonly string[] = [];
    const down: (readonly string[])[] = new Array<readonly string[]>(n).fill(EMPTY);
    for (let i = 0; i < orderIdx.length; i++) {
      const k = orderIdx[i] as number;
      let list: readonly string[] = EMPTY;
      const from = upStart[k] as number;
      for (let e = from, end = from + (parentCount[k] as number); e < end; e++)
        list = union(list, down[up[e] as number] as readonly string[]);
      const own = (revisions[k] as Revision).branchLabels;
      if (own.length > 0) list = union(list, [...own].sort(byRank));
      down[k] = list;
    }
    // Below a labelled revision, down to the branch point: a single-parent chain whose members
    // have one child each.
    const below: (readonly string[])[] = new Array<readonly string[]>(n).fill(EMPTY);
    if (propagation === 'alembic') this.labelBelowAsAlembic(below, union, byRank);
    else
      for (let k = 0; k < n; k++) {
        const r = revisions[k] as Revision;
        if (r.branchLabels.length === 0) continue;
        const own = [...r.branchLabels].sort(byRank);
        let parent = parentCount[k] === 1 ? (up[upStart[k] as number] as number) : -1;
        while (parent >= 0) {
          if ((this.childCount[parent] as number) > 1 || (parentCount[parent] as number) > 1) break;
          below[parent] = union(below[parent] as readonly string[], own);
          parent = parentCount[parent] === 1 ? (up[upStart[parent] as number] as number) : -1;
        }
      }
    for (let k = 0; k < n; k++) {
      const list = union(down[k] as readonly string[], below[k] as readonly string[]);
      if (list.length > 0) out.set((revisions[k] as Revision).id, list);
    }
    return out;
  }

  /**
   * Alembic's `_add_branches`: after giving a label to the descendants, it walks down from the
   * last descendant its traversal met, labelling each revision until one that is a merge
   * point or has more than one revision above it (children or dependents). The walk can get
   * below the labelled revision only when its descendants form one line (otherwise it meets
   * their branch point first), and then it starts at the top of that line.
   */
  private labelBelowAsAlembic(
    below: (readonly string[])[],
    union: (a: readonly string[], b: readonly string[]) => readonly string[],
    byRank: (a: string, b: string) => number,
  ): void {
    const { upStart, up, parentCount } = this.edges;
    const { downStart, childCount } = this;
    for (let k = 0; k < this.revisions.length; k++) {
      const r = this.revisions[k] as Revision;
      if (r.branchLabels.length === 0) continue;
      const own = [...r.branchLabels].sort(byRank);
      let top = k;
      while (childCount[top] === 1) top = this.down[downStart[top] as number] as number;
      if ((childCount[top] as number) > 1) continue;
      for (let at = top; at >= 0;) {
        const above = (downStart[at + 1] as number) - (downStart[at] as number);
        if (above > 1 || (parentCount[at] as number) > 1) break;
        below[at] = union(below[at] as readonly string[], own);
        at = parentCount[at] === 1 ? (up[upStart[at] as number] as number) : -1;
      }
    }
  }
}

/**
 * Iterative depth-first walk over the up-edges (parents, then depends-on) from each root in
 * turn; 10,000-deep chains are normal, so no recursion. `finished` sees each revision once,
 * after everything below it. A back edge (a cycle) stops the walk and returns the path from
 * the revision it points at to the one it leaves, in edge order, reversed as Alembic lists it.
 */
function depthFirst(edges: Edges, roots: Iterable<number>, finished: (k: number) => void): number[] | undefined {
  const { upStart, up } = edges;
  const n = upStart.length - 1;
  // 0 = unvisited, 1 = on the current path, 2 = finished.
  const state = new Uint8Array(n);
  const stack = new Int32Array(n);
  const next = new Int32Array(n);
  for (const root of roots) {
    if (state[root] !== 0) continue;
    let top = 0;
    stack[top++] = root;
    next[root] = upStart[root] as number;
    state[root] = 1;
    while (top > 0) {
      const k = stack[top - 1] as number;
      const e = next[k] as number;
      if (e < (upStart[k + 1] as number)) {
        next[k] = e + 1;
        const m = up[e] as number;
        if (m < 0) continue;
        if (state[m] === 1) {
          const path = Array.from(stack.subarray(0, top));
          return path.slice(path.indexOf(m)).reverse();
        }
        if (state[m] === 0) {
          state[m] = 1;
          next[m] = upStart[m] as number;
          stack[top++] = m;
        }
      } else {
        state[k] = 2;
        finished(k);
        top--;
      }
    }
  }
  return undefined;
}

/** The members of one cycle in edge order, or undefined; starts from each revision in input order. */
function findCycle(revisions: readonly Revision[], edges: Edges): number[] | undefined {
  return depthFirst(edges, revisions.keys(), () => {});
}

// The revision map: a pure DAG over parents (the history) and depends-on (apply-first edges
// that are not history). No I/O. Built once per load; every graph question is answered here.
import type { Revision, RevisionId } from '../../../shared/model/revision.ts';
import type { GraphProblem } from './errors.ts';

export type BuildResult = { readonly ok: true; readonly map: RevisionMap } | { readonly ok: false; readonly problems: readonly GraphProblem[] };

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
  private readonly position: ReadonlyMap<RevisionId, number>;
  private readonly propagatedLabels: ReadonlyMap<RevisionId, readonly string[]>;

  private constructor(revisions: readonly Revision[]) {
    const byId = new Map<RevisionId, Revision>();
    for (const r of revisions) byId.set(r.id, r);
    const children = new Map<RevisionId, RevisionId[]>();
    const dependents = new Map<RevisionId, RevisionId[]>();
    for (const r of revisions) {
      children.set(r.id, children.get(r.id) ?? []);
      for (const p of r.parents) (children.get(p) ?? children.set(p, []).get(p)!).push(r.id);
      for (const d of r.dependsOn) (dependents.get(d) ?? dependents.set(d, []).get(d)!).push(r.id);
    }
    this.byId = byId;
    this.children = children;
    this.dependents = dependents;
    const byCreated = (a: RevisionId, b: RevisionId): number => {
      const ca = byId.get(a)?.created ?? '';
      const cb = byId.get(b)?.created ?? '';
      return ca < cb ? -1 : ca > cb ? 1 : a < b ? -1 : a > b ? 1 : 0;
    };
    this.heads = revisions.filter((r) => (children.get(r.id) ?? []).length === 0).map((r) => r.id).sort(byCreated);
    this.bases = revisions.filter((r) => r.parents.length === 0).map((r) => r.id).sort(byCreated);
    const labels = new Map<string, RevisionId>();
    for (const r of revisions) for (const l of r.branchLabels) labels.set(l, r.id);
    this.labels = labels;
    this.order = this.postOrder(this.heads);
    const position = new Map<RevisionId, number>();
    for (let i = 0; i < this.order.length; i++) position.set(this.order[i] as RevisionId, i);
    this.position = position;
    this.propagatedLabels = this.propagateLabels(revisions);
  }

  /** Validates and builds; every problem is reported, each with its file and line. */
  static build(revisions: readonly Revision[]): BuildResult {
    const problems: GraphProblem[] = [];
    const seen = new Map<RevisionId, Revision>();
    for (const r of revisions) {
      const first = seen.get(r.id);
      if (first) {
        problems.push({ code: 'duplicate-revision', file: r.file, line: r.lines.revision, message: `revision ${r.id} is also defined in ${first.file}:${first.lines.revision}` });
      } else seen.set(r.id, r);
    }
    const labelOwner = new Map<string, Revision>();
    for (const r of seen.values()) {
      for (const p of r.parents) {
        if (!seen.has(p)) problems.push({ code: 'unknown-parent', file: r.file, line: r.lines.parents, message: `parent ${p} of ${r.id} does not exist` });
      }
      for (const d of r.dependsOn) {
        if (!seen.has(d)) problems.push({ code: 'unknown-dependency', file: r.file, line: r.lines.dependsOn, message: `depends-on ${d} of ${r.id} does not exist` });
      }
      for (const l of r.branchLabels) {
        const owner = labelOwner.get(l);
        if (owner) problems.push({ code: 'duplicate-label', file: r.file, line: r.lines.branchLabels, message: `branch label '${l}' is already used by ${owner.id} (${owner.file})` });
        else labelOwner.set(l, r);
        if (seen.has(l as RevisionId)) problems.push({ code: 'label-is-revision', file: r.file, line: r.lines.branchLabels, message: `branch label '${l}' is also a revision id` });
      }
    }
    if (problems.length > 0) return { ok: false, problems };
    const cycle = findCycle([...seen.values()]);
    if (cycle) {
      const first = seen.get(cycle[0] as RevisionId) as Revision;
      const path = [...cycle, cycle[0]].join(' -> ');
      const files = cycle.map((id) => seen.get(id)?.file).join(', ');
      return { ok: false, problems: [{ code: 'cycle', file: first.file, line: first.lines.parents, message: `cycle in the revision graph: ${path} (files: ${files})` }] };
    }
    return { ok: true, map: new RevisionMap([...seen.values()]) };
  }

  get(id: RevisionId): Revision {
    const r = this.byId.get(id);
    if (!r) throw new Error(`internal: unknown revision ${id}`);
    return r;
  }

  has(id: string): id is RevisionId {
    return this.byId.has(id as RevisionId);
  }

  /** Labels of a revision, with Alembic's propagation: declared on an ancestor of its branch. */
  labelsOf(id: RevisionId): readonly string[] {
    return this.propagatedLabels.get(id) ?? [];
  }

  /** The revision and everything that must be applied before it (parents and depends-on). */
  ancestors(ids: Iterable<RevisionId>): Set<RevisionId> {
    return this.closure(ids, (r) => [...this.get(r).parents, ...this.get(r).dependsOn]);
  }

  /** The revisions and everything applied on top of them (children and dependents). */
  descendants(ids: Iterable<RevisionId>): Set<RevisionId> {
    return this.closure(ids, (r) => [...(this.children.get(r) ?? []), ...(this.dependents.get(r) ?? [])]);
  }

  /** Topological order of a subset: parents and dependencies first, deterministic. */
  sortForUpgrade(ids: Iterable<RevisionId>): RevisionId[] {
    const list = [...ids];
    // A large subset (a whole upgrade from base) is cheaper to pick out of the order than to sort.
    if (list.length * 8 > this.order.length) {
      const wanted = new Set(list);
      return this.order.filter((id) => wanted.has(id));
    }
    return list.sort((a, b) => (this.position.get(a) ?? 0) - (this.position.get(b) ?? 0));
  }

  private closure(start: Iterable<RevisionId>, next: (id: RevisionId) => readonly RevisionId[]): Set<RevisionId> {
    const out = new Set<RevisionId>();
    const stack = [...start];
    while (stack.length > 0) {
      const id = stack.pop() as RevisionId;
      if (out.has(id)) continue;
      out.add(id);
      for (const n of next(id)) if (!out.has(n)) stack.push(n);
    }
    return out;
  }

  /** Depth-first post-order from the heads: one branch is finished before the next starts. */
  private postOrder(roots: readonly RevisionId[]): RevisionId[] {
    const order: RevisionId[] = [];
    const done = new Set<RevisionId>();
    for (const root of roots) {
      if (done.has(root)) continue;
      const stack: { id: RevisionId; next: number }[] = [{ id: root, next: 0 }];
      done.add(root);
      while (stack.length > 0) {
        const top = stack[stack.length - 1] as { id: RevisionId; next: number };
        const r = this.get(top.id);
        const edges = r.parents.length + r.dependsOn.length;
        if (top.next < edges) {
          const n = top.next < r.parents.length ? (r.parents[top.next] as RevisionId) : (r.dependsOn[top.next - r.parents.length] as RevisionId);
          top.next++;
          if (!done.has(n)) {
            done.add(n);
            stack.push({ id: n, next: 0 });
          }
        } else {
          order.push(top.id);
          stack.pop();
        }
      }
    }
    return order;
  }

  private propagateLabels(revisions: readonly Revision[]): Map<RevisionId, string[]> {
    const out = new Map<RevisionId, string[]>();
    const add = (id: RevisionId, label: string): void => {
      const list = out.get(id) ?? out.set(id, []).get(id)!;
      if (!list.includes(label)) list.push(label);
    };
    for (const r of revisions) {
      if (r.branchLabels.length === 0) continue;
      const below = this.closure([r.id], (id) => this.children.get(id) ?? []);
      // Down towards the base until the branch point, as Alembic does: the label names the
      // whole branch, including revisions written before it was labelled.
      let parent = r.parents.length === 1 ? r.parents[0] : undefined;
      while (parent !== undefined) {
        const p = this.get(parent);
        if ((this.children.get(parent) ?? []).length > 1 || p.parents.length > 1) break;
        below.add(parent);
        parent = p.parents[0];
      }
      for (const id of below) for (const l of r.branchLabels) add(id, l);
    }
    return out;
  }
}

/** Returns the members of one cycle in edge order, or undefined. Iterative: 10,000-deep chains are normal. */
function findCycle(revisions: readonly Revision[]): RevisionId[] | undefined {
  const byId = new Map(revisions.map((r) => [r.id, r]));
  const state = new Map<RevisionId, 1 | 2>();
  for (const start of revisions) {
    if (state.has(start.id)) continue;
    const path: RevisionId[] = [];
    const stack: { id: RevisionId; next: number }[] = [{ id: start.id, next: 0 }];
    state.set(start.id, 1);
    path.push(start.id);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { id: RevisionId; next: number };
      const r = byId.get(top.id) as Revision;
      if (top.next < r.parents.length + r.dependsOn.length) {
        const n = (top.next < r.parents.length ? r.parents[top.next] : r.dependsOn[top.next - r.parents.length]) as RevisionId;
        top.next++;
        const s = state.get(n);
        if (s === 1) return path.slice(path.indexOf(n)).reverse();
        if (s === undefined && byId.has(n)) {
          state.set(n, 1);
          path.push(n);
          stack.push({ id: n, next: 0 });
        }
      } else {
        state.set(top.id, 2);
        path.pop();
        stack.pop();
      }
    }
  }
  return undefined;
}

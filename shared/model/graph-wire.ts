// The revision graph packed into columns for project.graph (shared/api/project.ts graphWire)
// and unpacked into the RevisionNode objects the renderer works with. Both ends are here so
// that the format has one definition; the round trip is tested.
import type { DeepReadonly } from '../api/contract.ts';
import type { GraphData, GraphWire, RevisionNode } from '../api/project.ts';

type Extra = GraphWire['extras'][number];
type WireExtra = DeepReadonly<Extra>;

export function packGraph(data: GraphData): GraphWire {
  const rowOf = new Map<string, number>();
  data.revisions.forEach((r, i) => rowOf.set(r.id, i));
  const extras: Extra[] = [];
  data.revisions.forEach((r, row) => {
    if (r.dependsOn.length > 0 || r.labels.length > 0 || r.declaredLabels.length > 0 || !r.transactional)
      extras.push({
        row,
        dependsOn: r.dependsOn,
        labels: r.labels,
        declaredLabels: r.declaredLabels,
        transactional: r.transactional,
      });
  });
  return {
    ids: data.revisions.map((r) => r.id),
    messages: data.revisions.map((r) => r.message),
    created: data.revisions.map((r) => r.created),
    parents: data.revisions.map((r) => r.parents.map((p) => rowOf.get(p) ?? p)),
    extras,
    heads: data.heads,
    bases: data.bases,
    generation: data.generation,
  };
}

/** The wire form as a reply gives it (read-only), into objects the renderer owns. */
export function unpackGraph(wire: DeepReadonly<GraphWire>): GraphData {
  const { ids } = wire;
  const extraOf = new Map<number, WireExtra>();
  for (const e of wire.extras) extraOf.set(e.row, e);
  const revisions = ids.map((id, row): RevisionNode => {
    const extra = extraOf.get(row);
    return {
      id,
      parents: (wire.parents[row] ?? []).map((p) => (typeof p === 'number' ? (ids[p] ?? String(p)) : p)),
      dependsOn: extra ? [...extra.dependsOn] : [],
      labels: extra ? [...extra.labels] : [],
      declaredLabels: extra ? [...extra.declaredLabels] : [],
      message: wire.messages[row] ?? '',
      created: wire.created[row] ?? null,
      transactional: extra?.transactional ?? true,
    };
  });
  return { revisions, heads: [...wire.heads], bases: [...wire.bases], generation: wire.generation };
}

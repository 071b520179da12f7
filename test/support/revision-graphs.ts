// Random revision graphs for property tests: branches, merges, several bases, depends-on
// edges and labels, each shrinking to a counterexample a person can read.
import fc from 'fast-check';
import { asRevisionId, type Revision, type RevisionId } from '../../shared/model/revision.ts';
import type { Applied } from '../../electron/engine/graph/plan.ts';
import { RevisionMap } from '../../electron/engine/graph/revision-map.ts';

interface NodeChoice {
  /** How many parents (0 makes another base), each picked among earlier revisions. */
  readonly parentCount: number;
  readonly parentPicks: readonly [number, number];
  /** An earlier revision this one depends on without it being a parent. */
  readonly dependsPick: number | null;
  readonly labelled: boolean;
  /** Few distinct values, so that ties are broken by id. */
  readonly created: number;
}

export interface Graph {
  readonly revisions: readonly Revision[];
  readonly map: RevisionMap;
  readonly ids: readonly RevisionId[];
  readonly labels: readonly string[];
}

export function revision(
  id: RevisionId,
  parents: readonly RevisionId[],
  dependsOn: readonly RevisionId[],
  labels: readonly string[],
  created: number,
): Revision {
  return {
    id,
    parents,
    dependsOn,
    branchLabels: labels,
    message: `revision ${id}`,
    created: new Date(Date.UTC(2026, 0, 1, 0, 0, created)).toISOString(),
    transactional: true,
    upgradeSql: '',
    downgradeSql: '',
    upgradeLine: 1,
    downgradeLine: undefined,
    file: `${id}.sql`,
    lines: { revision: 1, parents: 2, dependsOn: 3, branchLabels: 4 },
    checksum: '',
  };
}

export function buildMap(revisions: readonly Revision[]): RevisionMap {
  const result = RevisionMap.build(revisions);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return result.map;
}

const nodeChoice: fc.Arbitrary<NodeChoice> = fc.record({
  parentCount: fc.constantFrom(0, 1, 1, 1, 1, 1, 2, 2),
  parentPicks: fc.tuple(fc.nat(), fc.nat()),
  dependsPick: fc.option(fc.nat(), { freq: 6 }),
  labelled: fc.boolean(),
  created: fc.integer({ min: 0, max: 5 }),
});

/** A counterexample as a person reads it: `id <- parents (+ depends-on) [labels] @created`. */
function describeGraph(revisions: readonly Revision[]): string {
  const lines = revisions.map((r) => {
    const deps = r.dependsOn.length > 0 ? ` + ${r.dependsOn.join(',')}` : '';
    const labels = r.branchLabels.length > 0 ? ` [${r.branchLabels.join(',')}]` : '';
    return `${r.id} <- ${r.parents.join(',') || 'base'}${deps}${labels} @${r.created?.slice(17, 19)}`;
  });
  return `graph(\n  ${lines.join('\n  ')}\n)`;
}

export const graphArb: fc.Arbitrary<Graph> = fc.integer({ min: 1, max: 40 }).chain((n) =>
  fc
    .tuple(
      fc.uniqueArray(fc.integer({ min: 0, max: 0xffffff }), { minLength: n, maxLength: n }),
      fc.array(nodeChoice, { minLength: n, maxLength: n }),
      fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    )
    .map(([idNumbers, choices, labelCoin]) => {
      const ids = idNumbers.map((v) => asRevisionId(v.toString(16).padStart(12, '0')));
      const labels: string[] = [];
      const revisions = ids.map((id, i) => {
        const choice = choices[i] as NodeChoice;
        const parents =
          i === 0
            ? []
            : [...new Set(choice.parentPicks.slice(0, choice.parentCount).map((p) => ids[p % i] as RevisionId))];
        const dependsOn =
          i === 0 || choice.dependsPick === null
            ? []
            : [ids[choice.dependsPick % i] as RevisionId].filter((d) => !parents.includes(d));
        // About one revision in four declares a label.
        const own = choice.labelled && labelCoin[i] ? [`l${i}`] : [];
        labels.push(...own);
        return revision(id, parents, dependsOn, own, choice.created);
      });
      return { revisions, map: buildMap(revisions), ids, labels, [fc.toStringMethod]: () => describeGraph(revisions) };
    }),
);

/** A graph and an ancestor-closed applied state in it (the only states a version table can express). */
export const withState = graphArb.chain((graph) =>
  fc.tuple(
    fc.constant(graph),
    fc.subarray([...graph.ids]).map((picked) => graph.map.ancestors(picked) as Applied),
  ),
);

/** A graph, a state, and one of its revisions. */
export const withTarget = withState.chain(([graph, applied]) =>
  fc.tuple(fc.constant(graph), fc.constant(applied), fc.constantFrom(...graph.ids)),
);

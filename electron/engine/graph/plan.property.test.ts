// Plans on random revision graphs: whatever the shape (branches, merges, several bases,
// depends-on edges, labels) and whatever ancestor-closed state the database is in, a plan
// reaches exactly the state its target means, every step is runnable when its turn comes,
// and the same inputs always give the same steps.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlanStep, RevisionId } from '../../../shared/model/revision.ts';
import { buildMap, graphArb, withState, withTarget, type Graph } from '../../../test/support/revision-graphs.ts';
import { TargetError } from './errors.ts';
import {
  appliedFromRows,
  applySteps,
  planDowngrade,
  planUpgrade,
  rowsFromApplied,
  stepStatus,
  type Applied,
} from './plan.ts';
import type { RevisionMap } from './revision-map.ts';

const sorted = (set: Iterable<RevisionId>): RevisionId[] => [...set].sort();
const union = (a: Iterable<RevisionId>, b: Iterable<RevisionId>): Set<RevisionId> => new Set([...a, ...b]);
const minus = (a: Iterable<RevisionId>, b: ReadonlySet<RevisionId>): Set<RevisionId> =>
  new Set([...a].filter((x) => !b.has(x)));
const strictDescendants = (map: RevisionMap, id: RevisionId): Set<RevisionId> =>
  minus(map.descendants([id]), new Set([id]));

/** Runs a plan as a runner would, step by step, failing on a step that is not runnable yet. */
function simulate(map: RevisionMap, applied: Applied, plan: readonly PlanStep[]): Set<RevisionId> {
  let now = new Set(applied);
  for (const step of plan) {
    const status = stepStatus(map, now, step);
    if (status.kind !== 'pending')
      throw new Error(
        `step ${step.direction} ${step.revision} is ` +
          `${status.kind}${status.kind === 'blocked' ? `: ${status.reason}` : ''}`,
      );
    now = applySteps(now, [step]);
  }
  return now;
}

function isAncestorClosed(map: RevisionMap, applied: Applied): boolean {
  return sorted(map.ancestors(applied)).join() === sorted(applied).join();
}

const runs = { numRuns: 300 };

describe('planUpgrade on random graphs', () => {
  it('reaches state ∪ ancestors(target), each step after its parents and dependencies', () => {
    fc.assert(
      fc.property(withTarget, ([graph, applied, target]) => {
        const plan = planUpgrade(graph.map, applied, target);
        expect(plan.every((s) => s.direction === 'upgrade' && !applied.has(s.revision))).toBe(true);
        expect(new Set(ids(plan)).size).toBe(plan.length);
        const after = simulate(graph.map, applied, plan);
        expect(sorted(after)).toEqual(sorted(union(applied, graph.map.ancestors([target]))));
      }),
      runs,
    );
  });

  it('heads applies everything; a branch head applies exactly its ancestors', () => {
    fc.assert(
      fc.property(withState, ([graph, applied]) => {
        expect(simulate(graph.map, applied, planUpgrade(graph.map, applied, 'heads')).size).toBe(graph.ids.length);
        for (const label of graph.labels) {
          const heads = graph.map.heads.filter((h) => graph.map.labelsOf(h).includes(label));
          if (heads.length !== 1) {
            expect(() => planUpgrade(graph.map, applied, `${label}@head`)).toThrow(TargetError);
            continue;
          }
          const after = simulate(graph.map, applied, planUpgrade(graph.map, applied, `${label}@head`));
          expect(sorted(after)).toEqual(sorted(union(applied, graph.map.ancestors(heads))));
        }
      }),
      runs,
    );
  });
});

describe('planDowngrade on random graphs', () => {
  it('to an applied revision X leaves state minus the strict descendants of X', () => {
    fc.assert(
      fc.property(withTarget, ([graph, applied, target]) => {
        if (!applied.has(target)) {
          expect(() => planDowngrade(graph.map, applied, target)).toThrow(TargetError);
          return;
        }
        const plan = planDowngrade(graph.map, applied, target);
        expect(plan.every((s) => s.direction === 'downgrade' && applied.has(s.revision))).toBe(true);
        expect(new Set(ids(plan)).size).toBe(plan.length);
        const after = simulate(graph.map, applied, plan);
        expect(sorted(after)).toEqual(sorted(minus(applied, strictDescendants(graph.map, target))));
        expect(after.has(target)).toBe(true);
      }),
      runs,
    );
  });

  it('base empties the database; <label>@base removes what carries the label and what is on top of it', () => {
    fc.assert(
      fc.property(withState, ([graph, applied]) => {
        expect(simulate(graph.map, applied, planDowngrade(graph.map, applied, 'base')).size).toBe(0);
        for (const label of graph.labels) {
          const labelled = [...applied].filter((id) => graph.map.labelsOf(id).includes(label));
          const after = simulate(graph.map, applied, planDowngrade(graph.map, applied, `${label}@base`));
          expect(sorted(after)).toEqual(sorted(minus(applied, graph.map.descendants(labelled))));
        }
      }),
      runs,
    );
  });
});

describe('upgrade then downgrade', () => {
  it('from any state, upgrade heads then downgrade base leaves nothing', () => {
    fc.assert(
      fc.property(withState, ([graph, applied]) => {
        const up = simulate(graph.map, applied, planUpgrade(graph.map, applied, 'heads'));
        expect(simulate(graph.map, up, planDowngrade(graph.map, up, 'base')).size).toBe(0);
      }),
      runs,
    );
  });

  it('from nothing, upgrade X then downgrade base is the upgrade plan reversed', () => {
    fc.assert(
      fc.property(
        graphArb.chain((g) => fc.tuple(fc.constant(g), fc.constantFrom(...g.ids))),
        ([graph, target]) => {
          const up = planUpgrade(graph.map, new Set(), target);
          const applied = simulate(graph.map, new Set(), up);
          const down = planDowngrade(graph.map, applied, 'base');
          expect(ids(down)).toEqual(ids(up).reverse());
          expect(simulate(graph.map, applied, down).size).toBe(0);
        },
      ),
      runs,
    );
  });

  it('at a single head R, upgrade X then downgrade R restores the state when all X added descends from R', () => {
    let restored = 0;
    fc.assert(
      fc.property(
        graphArb.chain((g) => fc.tuple(fc.constant(g), fc.constantFrom(...g.ids), fc.nat())),
        ([graph, row, pick]) => {
          const start = appliedFromRows(graph.map, [row]);
          // X among the descendants of R, so that the downgrade back is usually exact.
          const above = sorted(graph.map.descendants([row]));
          const target = above[pick % above.length] as RevisionId;
          const up = simulate(graph.map, start, planUpgrade(graph.map, start, target));
          const back = simulate(graph.map, up, planDowngrade(graph.map, up, row));
          const removable = strictDescendants(graph.map, row);
          expect(sorted(back)).toEqual(sorted(minus(up, removable)));
          if ([...minus(up, start)].every((id) => removable.has(id))) {
            restored++;
            expect(sorted(back)).toEqual(sorted(start));
            expect(rowsFromApplied(graph.map, back)).toEqual([row]);
          }
        },
      ),
      runs,
    );
    expect(restored).toBeGreaterThan(0);
  });
});

describe('version rows', () => {
  it('rowsFromApplied and appliedFromRows round-trip every ancestor-closed set', () => {
    fc.assert(
      fc.property(withState, ([graph, applied]) => {
        const rows = rowsFromApplied(graph.map, applied);
        expect(sorted(appliedFromRows(graph.map, rows))).toEqual(sorted(applied));
        expect(rowsFromApplied(graph.map, appliedFromRows(graph.map, rows))).toEqual(rows);
        // No row is a parent of another applied revision: one row per tip.
        for (const r of rows) expect((graph.map.children.get(r) ?? []).some((c) => applied.has(c))).toBe(false);
      }),
      runs,
    );
  });
});

describe('any target', () => {
  const targetSpec = (graph: Graph): fc.Arbitrary<string> => {
    const id = fc.constantFrom(...graph.ids);
    const label = graph.labels.length > 0 ? fc.constantFrom(...graph.labels) : fc.constant('nolabel');
    return fc.oneof(
      fc.constantFrom('head', 'heads', 'base', '+1', '+2', '-1', '-2', '+0'),
      id,
      id.map((x) => x.slice(0, 4)),
      fc.tuple(id, fc.constantFrom('+1', '+2', '-1', '-3')).map(([x, n]) => x + n),
      fc.tuple(label, fc.constantFrom('head', 'base', '+1', '-1', '+2', '-2')).map(([l, t]) => `${l}@${t}`),
      fc.tuple(label, id, fc.constantFrom('', '+1', '-1')).map(([l, x, n]) => `${l}@${x}${n}`),
      label,
    );
  };

  it('plans runnable steps to an ancestor-closed state, or refuses with a TargetError', () => {
    fc.assert(
      fc.property(
        withState.chain(([g, a]) => fc.tuple(fc.constant(g), fc.constant(a), targetSpec(g))),
        ([graph, applied, spec]) => {
          for (const direction of ['upgrade', 'downgrade'] as const) {
            let plan: PlanStep[];
            try {
              plan =
                direction === 'upgrade'
                  ? planUpgrade(graph.map, applied, spec)
                  : planDowngrade(graph.map, applied, spec);
            } catch (error) {
              expect(error, `${direction} ${spec}`).toBeInstanceOf(TargetError);
              continue;
            }
            const after = simulate(graph.map, applied, plan);
            expect(isAncestorClosed(graph.map, after)).toBe(true);
            if (direction === 'upgrade') expect([...applied].every((id) => after.has(id))).toBe(true);
            else expect([...after].every((id) => applied.has(id))).toBe(true);
          }
        },
      ),
      runs,
    );
  });
});

describe('determinism', () => {
  const shuffledGraph = graphArb.chain((g) =>
    fc.tuple(fc.constant(g), fc.array(fc.nat(), { minLength: g.revisions.length, maxLength: g.revisions.length })),
  );

  it('the same inputs give the same plans', () => {
    fc.assert(
      fc.property(withTarget, ([graph, applied, target]) => {
        expect(planUpgrade(graph.map, applied, target)).toEqual(planUpgrade(graph.map, applied, target));
        expect(planUpgrade(graph.map, applied, 'heads')).toEqual(planUpgrade(graph.map, applied, 'heads'));
        expect(planDowngrade(graph.map, applied, 'base')).toEqual(planDowngrade(graph.map, applied, 'base'));
      }),
      runs,
    );
  });

  it('a map built from the revisions in another order answers the same', () => {
    fc.assert(
      fc.property(
        shuffledGraph.chain(([g, keys]) =>
          fc.tuple(fc.constant(g), fc.constant(keys), fc.subarray([...g.ids]), fc.constantFrom(...g.ids)),
        ),
        ([graph, keys, picked, target]) => {
          const shuffled = graph.revisions
            .map((r, i) => ({ r, k: keys[i] as number }))
            .sort((a, b) => a.k - b.k)
            .map((x) => x.r);
          const other = buildMap(shuffled);
          const { map } = graph;
          expect(other.heads).toEqual(map.heads);
          expect(other.bases).toEqual(map.bases);
          expect(other.order).toEqual(map.order);
          for (const id of graph.ids) {
            // Same members; their order follows the order the files were read in.
            expect([...other.labelsOf(id)].sort()).toEqual([...map.labelsOf(id)].sort());
            expect(sorted(other.children.get(id) ?? [])).toEqual(sorted(map.children.get(id) ?? []));
            expect(sorted(other.dependents.get(id) ?? [])).toEqual(sorted(map.dependents.get(id) ?? []));
          }
          const applied = map.ancestors(picked);
          expect(planUpgrade(other, applied, target)).toEqual(planUpgrade(map, applied, target));
          expect(planUpgrade(other, applied, 'heads')).toEqual(planUpgrade(map, applied, 'heads'));
          expect(planDowngrade(other, applied, 'base')).toEqual(planDowngrade(map, applied, 'base'));
          if (applied.has(target))
            expect(planDowngrade(other, applied, target)).toEqual(planDowngrade(map, applied, target));
          expect(rowsFromApplied(other, applied)).toEqual(rowsFromApplied(map, applied));
        },
      ),
      runs,
    );
  });
});

function ids(plan: readonly PlanStep[]): RevisionId[] {
  return plan.map((s) => s.revision);
}

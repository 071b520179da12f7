// `--sql` keeps the version rows step by step (RowTracker) instead of rescanning every applied
// revision per step. The script must stay byte for byte what the rescan made: on random graphs
// (branches, merges, several bases, depends-on) and plans in both directions, each step's
// version-table statements equal versionChanges between rowsFromApplied before and after it,
// which is how the renderer computed them before.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { asRevisionId, type PlanStep, type RevisionId } from '../../../shared/model/revision.ts';
import { buildMap, revision, withState, type Graph } from '../../../test/support/revision-graphs.ts';
import type { StrataTables } from '../dialects/dialect.ts';
import { dialectSql } from '../dialects/registry.ts';
import { versionChanges } from '../dialects/strata-tables.ts';
import { TargetError } from '../graph/errors.ts';
import { applySteps, planDowngrade, planUpgrade, rowsFromApplied, RowTracker, type Applied } from '../graph/plan.ts';
import { renderOfflineScript } from './offline.ts';

const tables: StrataTables = { version: 'strata_version', history: 'strata_history' };
const identity = { user: 'u', host: 'h', toolVersion: 't' };

/** Plans of every kind from a state: whole upgrades and downgrades, and towards one revision. */
function plans(graph: Graph, applied: Applied, pick: number): PlanStep[][] {
  const target = graph.ids[pick % graph.ids.length] as string;
  const out: PlanStep[][] = [];
  const attempts = [
    () => planUpgrade(graph.map, applied, 'heads'),
    () => planDowngrade(graph.map, applied, 'base'),
    () => planUpgrade(graph.map, applied, target),
    () => planDowngrade(graph.map, applied, target),
  ];
  for (const attempt of attempts) {
    try {
      out.push(attempt());
    } catch (error) {
      if (!(error instanceof TargetError)) throw error;
    }
  }
  return out;
}

/** The rescan per step that the renderer used to do: the reference, slow and obviously right. */
function rescanned(graph: Graph, applied: Applied, plan: readonly PlanStep[]): { before: string[]; after: string[] }[] {
  let now = new Set(applied);
  return plan.map((step) => {
    const next = applySteps(now, [step]);
    const pair = { before: rowsFromApplied(graph.map, now), after: rowsFromApplied(graph.map, next) };
    now = next;
    return pair;
  });
}

const versionStatement = /^(UPDATE|INSERT INTO|DELETE FROM) "?strata_version"? /;

describe('offline version rows, step by step', () => {
  it('RowTracker reports exactly the rows a full rescan adds and removes, in its order', () => {
    fc.assert(
      fc.property(withState, fc.nat(), ([graph, applied], pick) => {
        for (const plan of plans(graph, applied, pick)) {
          const tracker = new RowTracker(graph.map, applied);
          for (const [k, { before, after }] of rescanned(graph, applied, plan).entries()) {
            const change = tracker.step(plan[k] as PlanStep);
            expect(change.removed).toEqual(before.filter((r) => !after.includes(r)));
            expect(change.added).toEqual(after.filter((r) => !before.includes(r)));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  for (const dialect of ['sqlite', 'postgres'] as const) {
    it(`the ${dialect} script's version-table statements are those of the rescan, step by step`, () => {
      const sql = dialectSql(dialect);
      fc.assert(
        fc.property(withState, fc.nat(), fc.boolean(), ([graph, applied], pick, single) => {
          for (const plan of plans(graph, applied, pick)) {
            const script = renderOfflineScript(graph.map, {
              sql,
              tables,
              from: applied,
              steps: plan,
              singleTransaction: single,
              identity,
              title: 'test',
            });
            // One block per step, from its `-- upgrade <id>` comment to the next.
            const blocks = script.split(/\n\n(?=-- (?:upgrade|downgrade) )/).slice(1);
            expect(blocks).toHaveLength(plan.length);
            const expected = rescanned(graph, applied, plan).map(({ before, after }) =>
              versionChanges(sql, tables, before, after).map((s) => `${s};`),
            );
            const actual = blocks.map((block) => block.split('\n').filter((line) => versionStatement.test(line)));
            expect(actual).toEqual(expected);
          }
        }),
        { numRuns: 200 },
      );
    });
  }

  // Linear time, counted rather than timed: how often the renderer asks the graph for a
  // revision's children (each rescan of the applied set asked once per applied revision).
  const childLookups = (
    revisions: ReturnType<typeof revision>[],
    heads: 'heads' | 'base',
  ): { lookups: number; steps: number } => {
    const map = buildMap(revisions);
    const all = map.ancestors(map.heads);
    const steps = heads === 'heads' ? planUpgrade(map, new Set(), 'heads') : planDowngrade(map, all, 'base');
    const spy = vi.spyOn(map.children, 'get');
    renderOfflineScript(map, {
      sql: dialectSql('postgres'),
      tables,
      from: heads === 'heads' ? new Set() : all,
      steps,
      identity,
      title: 'test',
    });
    const lookups = spy.mock.calls.length;
    spy.mockRestore();
    return { lookups, steps: steps.length };
  };
  const id = (n: number): RevisionId => asRevisionId(n.toString(16).padStart(12, '0'));

  it('renders a long chain with a bounded number of graph lookups per step', () => {
    const chain = Array.from({ length: 3000 }, (_, n) => revision(id(n + 1), n === 0 ? [] : [id(n)], [], [], 0));
    for (const direction of ['heads', 'base'] as const) {
      const { lookups, steps } = childLookups(chain, direction);
      expect(steps).toBe(3000);
      expect(lookups).toBeLessThanOrEqual(4 * steps);
    }
  });

  it('renders thousands of heads with a bounded number of graph lookups per step', () => {
    const fan = Array.from({ length: 3001 }, (_, n) => revision(id(n + 1), n === 0 ? [] : [id(1)], [], [], 0));
    for (const direction of ['heads', 'base'] as const) {
      const { lookups, steps } = childLookups(fan, direction);
      expect(steps).toBe(3001);
      expect(lookups).toBeLessThanOrEqual(4 * steps);
    }
  });
});

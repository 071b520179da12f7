// The revision map on its own: validation, heads and bases, label propagation, and graphs of
// 10,000 revisions (no timing here: `npm run bench` measures speed; this checks that nothing
// recurses deeply enough to overflow the stack).
import { describe, expect, it } from 'vitest';
import { asRevisionId, type Revision, type RevisionId } from '../../../shared/model/revision.ts';
import type { GraphProblem } from './errors.ts';
import { appliedFromRows, planDowngrade, planUpgrade, rowsFromApplied } from './plan.ts';
import { RevisionMap } from './revision-map.ts';
import { walk } from './targets.ts';

interface Spec {
  readonly id: string;
  readonly parents?: readonly string[];
  readonly dependsOn?: readonly string[];
  readonly labels?: readonly string[];
  /** Seconds after a fixed instant; defaults to the position in the list. */
  readonly created?: number;
}

function revisions(specs: readonly Spec[]): Revision[] {
  return specs.map((s, i) => ({
    id: asRevisionId(s.id),
    parents: (s.parents ?? []).map(asRevisionId),
    dependsOn: (s.dependsOn ?? []).map(asRevisionId),
    branchLabels: s.labels ?? [],
    message: `revision ${s.id}`,
    created: new Date(Date.UTC(2026, 0, 1) + (s.created ?? i) * 1000).toISOString(),
    transactional: true,
    upgradeSql: '',
    downgradeSql: '',
    upgradeLine: 1,
    downgradeLine: undefined,
    file: `${s.id}.sql`,
    lines: { revision: 1, parents: 2, dependsOn: 3, branchLabels: 4 },
    checksum: '',
  }));
}

function build(specs: readonly Spec[]): RevisionMap {
  const result = RevisionMap.build(revisions(specs));
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return result.map;
}

function problems(specs: readonly Spec[]): readonly GraphProblem[] {
  const result = RevisionMap.build(revisions(specs));
  if (result.ok) throw new Error('expected the graph to be refused');
  return result.problems;
}

const rid = (i: number, prefix = 'r'): string => `${prefix}${String(i).padStart(11, '0')}`;

/** Checks that `order` lists every revision after its parents and dependencies. */
function expectTopological(map: RevisionMap): void {
  const seen = new Set<RevisionId>();
  const late: string[] = [];
  for (const id of map.order) {
    const r = map.get(id);
    for (const before of [...r.parents, ...r.dependsOn]) if (!seen.has(before)) late.push(`${before} after ${id}`);
    seen.add(id);
  }
  expect(late).toEqual([]);
  expect(seen.size).toBe(map.byId.size);
}

describe('validation', () => {
  it('reports every defect with its code, not only the first', () => {
    const found = problems([
      { id: 'aaaa00000001', labels: ['net'] },
      { id: 'aaaa00000001' },
      { id: 'bbbb00000002', parents: ['zzzz00000000'], dependsOn: ['yyyy00000000'], labels: ['net', 'aaaa00000001'] },
    ]);
    expect(found.map((p) => p.code)).toEqual([
      'duplicate-revision',
      'unknown-parent',
      'unknown-dependency',
      'duplicate-label',
      'label-is-revision',
    ]);
    expect(found.map((p) => p.line)).toEqual([1, 2, 3, 4, 4]);
  });

  it('a cycle names its members in edge order, a path that closes on itself', () => {
    const [cycle] = problems([
      { id: 'aaaa00000001', parents: ['cccc00000003'] },
      { id: 'bbbb00000002', parents: ['aaaa00000001'] },
      { id: 'cccc00000003', parents: ['bbbb00000002'] },
    ]);
    expect(cycle?.code).toBe('cycle');
    const path = /cycle in the revision graph: (.*) \(files/.exec(cycle?.message ?? '')?.[1]?.split(' -> ') ?? [];
    expect(path).toHaveLength(4);
    expect(path[0]).toBe(path[3]);
    expect([...path.slice(0, 3)].sort()).toEqual(['aaaa00000001', 'bbbb00000002', 'cccc00000003']);
    // Each member's parent is the one before it in the path.
    const parentOf: Record<string, string> = {
      aaaa00000001: 'cccc00000003',
      bbbb00000002: 'aaaa00000001',
      cccc00000003: 'bbbb00000002',
    };
    for (let i = 1; i < path.length; i++) expect(parentOf[path[i] as string]).toBe(path[i - 1]);
  });
});

describe('heads, bases, order', () => {
  it('heads and bases are ordered by creation time, then id', () => {
    const map = build([
      { id: 'bbbb00000001', created: 5 },
      { id: 'aaaa00000001', created: 5 },
      { id: 'cccc00000001', created: 1 },
      { id: 'dddd00000001', parents: ['cccc00000001'], created: 9 },
    ]);
    expect(map.bases).toEqual(['cccc00000001', 'aaaa00000001', 'bbbb00000001']);
    expect(map.heads).toEqual(['aaaa00000001', 'bbbb00000001', 'dddd00000001']);
  });

  it('order puts parents and dependencies first; sortForUpgrade follows it', () => {
    const map = build([
      { id: 'a1000001' },
      { id: 'n1000001' },
      { id: 'a1000002', parents: ['a1000001'], dependsOn: ['n1000002'] },
      { id: 'n1000002', parents: ['n1000001'] },
    ]);
    expectTopological(map);
    expect(
      map
        .sortForUpgrade([asRevisionId('a1000002'), asRevisionId('n1000002'), asRevisionId('n1000001')])
        .indexOf(asRevisionId('a1000002')),
    ).toBe(2);
    expect([...map.ancestors([asRevisionId('a1000002')])].sort()).toEqual([
      'a1000001',
      'a1000002',
      'n1000001',
      'n1000002',
    ]);
    expect([...map.descendants([asRevisionId('n1000001')])].sort()).toEqual(['a1000002', 'n1000001', 'n1000002']);
  });
});

describe('children and heads', () => {
  it('children are parent edges only: a revision depended on is still a head', () => {
    const map = build([
      { id: 'a1000001' },
      { id: 'b1000001', parents: ['a1000001'] },
      { id: 'c1000001', parents: ['a1000001'] },
      { id: 'd1000001', dependsOn: ['b1000001'] },
    ]);
    const id = asRevisionId;
    expect(map.childrenOf(id('a1000001'))).toEqual(['b1000001', 'c1000001']);
    expect(map.childrenOf(id('b1000001'))).toEqual([]);
    expect(map.isHead(id('a1000001'))).toBe(false);
    expect(map.isHead(id('b1000001'))).toBe(true);
    expect(map.heads.every((h) => map.isHead(h))).toBe(true);
    expect(map.order.filter((r) => map.isHead(r))).toEqual(expect.arrayContaining([...map.heads]));
    expect(map.order.filter((r) => map.isHead(r))).toHaveLength(map.heads.length);
  });
});

describe('branch labels (Alembic propagation)', () => {
  // base → x1 (branch point) → { m1 → m2, b1 [billing] → b2 } → merge(m2, b2) → after
  const map = build([
    { id: 'base00000000' },
    { id: 'x10000000000', parents: ['base00000000'] },
    { id: 'm10000000000', parents: ['x10000000000'] },
    { id: 'm20000000000', parents: ['m10000000000'] },
    { id: 'b10000000000', parents: ['x10000000000'] },
    { id: 'b20000000000', parents: ['b10000000000'], labels: ['billing'] },
    { id: 'merge0000000', parents: ['m20000000000', 'b20000000000'] },
    { id: 'after0000000', parents: ['merge0000000'] },
  ]);
  const carries = (label: string): string[] =>
    [...map.byId.keys()].filter((id) => map.labelsOf(id).includes(label)).sort();

  it('a label names its revision, its descendants, and the unlabelled start of its branch', () => {
    expect(map.labels.get('billing')).toBe('b20000000000');
    expect(carries('billing')).toEqual(['after0000000', 'b10000000000', 'b20000000000', 'merge0000000']);
  });

  it('does not reach below the branch point', () => {
    expect(map.labelsOf(asRevisionId('x10000000000'))).toEqual([]);
    expect(map.labelsOf(asRevisionId('base00000000'))).toEqual([]);
    expect(map.labelsOf(asRevisionId('m10000000000'))).toEqual([]);
  });

  it('stops at a mergepoint going down', () => {
    const merged = build([
      { id: 'aaaa00000001' },
      { id: 'bbbb00000002' },
      { id: 'cccc00000003', parents: ['aaaa00000001', 'bbbb00000002'] },
      { id: 'dddd00000004', parents: ['cccc00000003'], labels: ['later'] },
    ]);
    expect([...merged.byId.keys()].filter((id) => merged.labelsOf(id).includes('later'))).toEqual(['dddd00000004']);
  });
});

describe('10,000 revisions', () => {
  it('a linear chain builds, orders, plans and walks without overflowing the stack', () => {
    const n = 10_000;
    const specs: Spec[] = Array.from({ length: n }, (_, i) => ({
      id: rid(i),
      parents: i === 0 ? [] : [rid(i - 1)],
      labels: i === 0 ? ['main'] : [],
    }));
    const map = build(specs);
    expect(map.heads).toEqual([rid(n - 1)]);
    expect(map.bases).toEqual([rid(0)]);
    expect(map.order).toHaveLength(n);
    expect(map.order[0]).toBe(rid(0));
    expect(map.order[n - 1]).toBe(rid(n - 1));
    expect(map.labelsOf(asRevisionId(rid(n - 1)))).toEqual(['main']);
    const up = planUpgrade(map, new Set(), 'head');
    expect(up).toHaveLength(n);
    const all = appliedFromRows(map, [rid(n - 1)]);
    expect(all.size).toBe(n);
    expect(rowsFromApplied(map, all)).toEqual([rid(n - 1)]);
    expect(planDowngrade(map, all, 'base')).toHaveLength(n);
    expect(planDowngrade(map, all, `-${n}`)).toHaveLength(n);
    expect(walk(map, asRevisionId(rid(0)), n - 1, `+${n - 1}`)).toBe(rid(n - 1));
    expect(planUpgrade(map, new Set(), `+${n}`)).toHaveLength(n);
    expect(planUpgrade(map, new Set(), `main@+${n}`)).toHaveLength(n);
  });

  it('a 10,000-revision cycle is found and named without overflowing the stack', () => {
    const n = 10_000;
    const specs: Spec[] = Array.from({ length: n }, (_, i) => ({ id: rid(i), parents: [rid((i + n - 1) % n)] }));
    const found = problems(specs);
    expect(found.map((p) => p.code)).toEqual(['cycle']);
    expect(found[0]?.message).toContain(rid(0));
    expect(found[0]?.message).toContain(rid(n - 1));
  });

  it('a graph with many branches, merges, labels and dependencies builds and plans', () => {
    // A trunk; every 10th trunk revision forks a 5-revision branch. Half of the branches
    // merge back into the trunk later and carry a label; every 7th branch revision depends
    // on an earlier branch's revision; the other branches stay open as heads.
    const specs: Spec[] = [];
    let trunk = rid(0, 't');
    specs.push({ id: trunk });
    let branches = 0;
    let t = 1;
    let openHeads = 0;
    let previousBranchTip: string | undefined;
    while (specs.length < 10_000) {
      const next = rid(t++, 't');
      specs.push({ id: next, parents: [trunk] });
      trunk = next;
      if (t % 10 !== 0) continue;
      const b = branches++;
      let tip = trunk;
      for (let k = 0; k < 5; k++) {
        const id = rid(b * 5 + k, 'b');
        const dependsOn = previousBranchTip !== undefined && (b * 5 + k) % 7 === 0 ? [previousBranchTip] : [];
        specs.push({ id, parents: [tip], dependsOn, labels: k === 0 && b % 2 === 0 ? [`branch${b}`] : [] });
        tip = id;
      }
      previousBranchTip = tip;
      if (b % 2 === 0) {
        const merge = rid(b, 'm');
        specs.push({ id: merge, parents: [trunk, tip] });
        trunk = merge;
      } else openHeads++;
    }
    const map = build(specs);
    expect(map.byId.size).toBe(specs.length);
    expect(map.byId.size).toBeGreaterThanOrEqual(10_000);
    expect(map.heads).toHaveLength(openHeads + 1);
    expect(map.bases).toEqual([rid(0, 't')]);
    expectTopological(map);
    const up = planUpgrade(map, new Set(), 'heads');
    expect(up).toHaveLength(map.byId.size);
    const all = new Set(map.byId.keys());
    // Open branch tips that a later revision depends on are implied, not stored.
    expect(rowsFromApplied(map, all)).toEqual(
      map.sortForUpgrade(map.heads.filter((h) => (map.dependents.get(h) ?? []).length === 0)),
    );
    expect(planDowngrade(map, all, 'base')).toHaveLength(map.byId.size);
    expect(planDowngrade(map, all, `branch0@base`).length).toBeGreaterThan(map.byId.size / 2);
    expect(map.labelsOf(map.heads[0] as RevisionId)).toContain('branch0');
  });
});

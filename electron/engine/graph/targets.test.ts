// Every target form of DESIGN.md and alembic.md §2, with Alembic's meaning, on the sample
// project and on small graphs of a precise shape.
import { describe, expect, it } from 'vitest';
import { asRevisionId, type PlanStep, type Revision, type RevisionId } from '../../../shared/model/revision.ts';
import { loadProject } from '../project/project.ts';
import {
  AmbiguousRevisionError,
  AmbiguousWalkError,
  MultipleHeadsError,
  RelativeOvershootError,
  TargetError,
  UnknownRevisionError,
} from './errors.ts';
import {
  appliedFromRows,
  applySteps,
  planDowngrade,
  planUpgrade,
  rowsFromApplied,
  stampRows,
  stepStatus,
  type Applied,
} from './plan.ts';
import { RevisionMap } from './revision-map.ts';
import { labelHead, parseTarget, resolveRevision, singleHead, walk } from './targets.ts';

interface Spec {
  readonly id: string;
  readonly parents?: readonly string[];
  readonly dependsOn?: readonly string[];
  readonly labels?: readonly string[];
}

function build(specs: readonly Spec[]): RevisionMap {
  const revisions: Revision[] = specs.map((s, i) => ({
    id: asRevisionId(s.id),
    parents: (s.parents ?? []).map(asRevisionId),
    dependsOn: (s.dependsOn ?? []).map(asRevisionId),
    branchLabels: s.labels ?? [],
    message: `revision ${s.id}`,
    created: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    transactional: true,
    upgradeSql: '',
    downgradeSql: '',
    upgradeLine: 1,
    downgradeLine: undefined,
    file: `${s.id}.sql`,
    lines: { revision: 1, parents: 2, dependsOn: 3, branchLabels: 4 },
    checksum: '',
  }));
  const result = RevisionMap.build(revisions);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return result.map;
}

const id = asRevisionId;
const ids = (plan: readonly PlanStep[]): string[] => plan.map((s) => s.revision);
const rows = (map: RevisionMap, ...heads: string[]): Set<RevisionId> => appliedFromRows(map, heads);
const sortedIds = (set: Iterable<RevisionId>): string[] => [...set].sort();

/** Runs a plan step by step, as a runner would: every step must be runnable when its turn comes. */
function run(map: RevisionMap, applied: Applied, plan: readonly PlanStep[]): Set<RevisionId> {
  let now = new Set(applied);
  for (const step of plan) {
    expect(stepStatus(map, now, step), `${step.direction} ${step.revision}`).toEqual({ kind: 'pending' });
    now = applySteps(now, [step]);
  }
  return now;
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('expected an error');
}

const sample = loadProject('migrations-sample').map;
const ALL = new Set(sample.byId.keys());
const NONE = new Set<RevisionId>();
const MAIN_HEAD = '0874aef793be';
const AUDIT_HEAD = '6889de750fdb';
const AUDIT = ['20e95d6662d1', '37d8e4952211', '3cd8dcdb16de', '6889de750fdb'];
const BILLING = ['af6de9a11ca9', '70bfb27aeceb', 'f7ec938c312c', '7d2541517043', '9e388078775e', 'ef1a2e082c82'];
const FIRST_EIGHT = [
  '3550b5f2509d',
  'cb1428ecc66a',
  'd58b93b189e5',
  'b3dd544d5018',
  '3e748265a99a',
  'c19e2a59ca10',
  '3d5985a10d52',
  '96f45c8af258',
];

/** c00000000000 … c00000000004 in a line. */
const line = build(
  Array.from({ length: 5 }, (_, i) => ({
    id: `c${String(i).padStart(11, '0')}`,
    parents: i === 0 ? [] : [`c${String(i - 1).padStart(11, '0')}`],
  })),
);
const c = (i: number): string => `c${String(i).padStart(11, '0')}`;

describe('parseTarget', () => {
  it.each([
    ['head', { kind: 'head' }],
    ['heads', { kind: 'heads' }],
    ['base', { kind: 'base' }],
    [' head ', { kind: 'head' }],
    ['+2', { kind: 'relative', steps: 2 }],
    ['-3', { kind: 'relative', steps: -3 }],
    ['ae1027a6acf', { kind: 'revision', ref: 'ae1027a6acf', steps: 0 }],
    ['ae10', { kind: 'revision', ref: 'ae10', steps: 0 }],
    ['ae1027a6acf+2', { kind: 'revision', ref: 'ae1027a6acf', steps: 2 }],
    ['1975ea83b712-2', { kind: 'revision', ref: '1975ea83b712', steps: -2 }],
    ['billing', { kind: 'revision', ref: 'billing', steps: 0 }],
    ['billing@head', { kind: 'label-head', label: 'billing' }],
    ['billing@base', { kind: 'label-base', label: 'billing' }],
    ['billing@+1', { kind: 'label-relative', label: 'billing', steps: 1 }],
    ['billing@-2', { kind: 'label-relative', label: 'billing', steps: -2 }],
    ['billing@ae10', { kind: 'label-revision', label: 'billing', ref: 'ae10', steps: 0 }],
    ['billing@ae10+1', { kind: 'label-revision', label: 'billing', ref: 'ae10', steps: 1 }],
    ['billing@ae10-1', { kind: 'label-revision', label: 'billing', ref: 'ae10', steps: -1 }],
  ])('%s', (spec, expected) => {
    expect(parseTarget(spec)).toEqual(expected);
  });

  it('refuses an empty target', () => {
    expect(() => parseTarget('  ')).toThrow(UnknownRevisionError);
  });
});

describe('revisions by id, prefix and label', () => {
  const prefixed = build([
    { id: 'abcd00000001' },
    { id: 'abcd00000002', parents: ['abcd00000001'] },
    { id: 'abce00000003', parents: ['abcd00000002'] },
  ]);

  it('full id', () => {
    expect(resolveRevision(sample, MAIN_HEAD)).toBe(MAIN_HEAD);
    expect(ids(planUpgrade(line, NONE, c(1)))).toEqual([c(0), c(1)]);
  });

  it('a unique prefix of 4 or more characters', () => {
    expect(resolveRevision(sample, '0874')).toBe(MAIN_HEAD);
    expect(resolveRevision(sample, '0874aef7')).toBe(MAIN_HEAD);
    expect(resolveRevision(prefixed, 'abce')).toBe('abce00000003');
    expect(ids(planUpgrade(sample, NONE, '3550'))).toEqual(['3550b5f2509d']);
  });

  it('a 3-character prefix is refused with a hint', () => {
    const error = thrown(() => resolveRevision(sample, '087'));
    expect(error).toBeInstanceOf(UnknownRevisionError);
    expect(error.message).toContain("'087'");
    expect(error.message).toContain('at least 4 characters');
    expect(() => planUpgrade(sample, NONE, '087')).toThrow(/at least 4 characters/);
  });

  it('an ambiguous prefix lists the candidates', () => {
    for (const prefix of ['abcd', 'abcd0000000']) {
      const error = thrown(() => resolveRevision(prefixed, prefix));
      expect(error).toBeInstanceOf(AmbiguousRevisionError);
      expect((error as AmbiguousRevisionError).candidates).toEqual(['abcd00000001', 'abcd00000002']);
      expect(error.message).toContain('abcd00000001');
      expect(error.message).toContain('abcd00000002');
    }
    expect(() => planDowngrade(prefixed, rows(prefixed, 'abce00000003'), 'abcd')).toThrow(AmbiguousRevisionError);
  });

  it('an unknown id', () => {
    const error = thrown(() => planUpgrade(sample, NONE, 'deadbeef0000'));
    expect(error).toBeInstanceOf(UnknownRevisionError);
    expect(error.message).toContain("'deadbeef0000'");
    expect(error.message).not.toContain('4 characters');
  });

  it('a label alone is the revision that carries it, not its head', () => {
    expect(resolveRevision(sample, 'billing')).toBe('af6de9a11ca9');
    expect(resolveRevision(sample, 'audit')).toBe('20e95d6662d1');
    expect(ids(planUpgrade(sample, NONE, 'billing'))).toEqual([...FIRST_EIGHT, 'af6de9a11ca9']);
    expect(ids(planUpgrade(sample, NONE, 'audit+1')).at(-1)).toBe('37d8e4952211');
  });
});

describe('head, heads and base', () => {
  it('head is the single head', () => {
    expect(singleHead(line)).toBe(c(4));
    expect(ids(planUpgrade(line, NONE, 'head'))).toEqual([c(0), c(1), c(2), c(3), c(4)]);
    expect(ids(planDowngrade(line, rows(line, c(4)), 'head'))).toEqual([]);
  });

  it('head with several heads fails with a message listing every head', () => {
    for (const attempt of [
      () => singleHead(sample),
      () => planUpgrade(sample, NONE, 'head'),
      () => planDowngrade(sample, ALL, 'head'),
      () => resolveRevision(sample, 'head'),
    ]) {
      const error = thrown(attempt);
      expect(error).toBeInstanceOf(MultipleHeadsError);
      expect([...(error as MultipleHeadsError).candidates].sort()).toEqual([MAIN_HEAD, AUDIT_HEAD]);
      expect(error.message).toContain(MAIN_HEAD);
      expect(error.message).toContain(AUDIT_HEAD);
      expect(error.message).toContain("'heads'");
    }
    const three = build([
      { id: 'aaaa00000001' },
      { id: 'bbbb00000002', parents: ['aaaa00000001'] },
      { id: 'cccc00000003', parents: ['aaaa00000001'] },
      { id: 'dddd00000004', parents: ['aaaa00000001'] },
    ]);
    expect(thrown(() => singleHead(three)).message).toMatch(/3 heads \(bbbb00000002, cccc00000003, dddd00000004\)/);
  });

  it('heads upgrades every branch; the rows are the two heads', () => {
    const plan = planUpgrade(sample, NONE, 'heads');
    expect(plan).toHaveLength(31);
    expect(plan.every((s) => s.direction === 'upgrade')).toBe(true);
    const after = run(sample, NONE, plan);
    expect(rowsFromApplied(sample, after).sort()).toEqual([MAIN_HEAD, AUDIT_HEAD]);
    expect(planUpgrade(sample, after, 'heads')).toEqual([]);
  });

  it('base takes everything back and is nothing to upgrade to', () => {
    const plan = planDowngrade(sample, ALL, 'base');
    expect(plan).toHaveLength(31);
    expect(run(sample, ALL, plan).size).toBe(0);
    expect(planUpgrade(sample, ALL, 'base')).toEqual([]);
    expect(planDowngrade(sample, NONE, 'base')).toEqual([]);
  });
});

describe('relative targets +N and -N, from the current head', () => {
  it('+N upgrades N revisions from the current head, or from nothing', () => {
    expect(ids(planUpgrade(line, NONE, '+2'))).toEqual([c(0), c(1)]);
    expect(ids(planUpgrade(line, rows(line, c(1)), '+2'))).toEqual([c(2), c(3)]);
    expect(ids(planUpgrade(line, rows(line, c(1)), '+0'))).toEqual([]);
  });

  it('-N takes back the current head and N-1 below it', () => {
    expect(planDowngrade(line, rows(line, c(3)), '-2')).toEqual([
      { revision: c(3), direction: 'downgrade' },
      { revision: c(2), direction: 'downgrade' },
    ]);
    expect(ids(planDowngrade(line, rows(line, c(3)), '-4'))).toEqual([c(3), c(2), c(1), c(0)]);
  });

  it('overshoot names the steps asked for and the steps that exist', () => {
    const cases: [Set<RevisionId>, string, 'up' | 'down', string][] = [
      [rows(line, c(1)), '+4', 'up', "'+4' asks for 4 steps but only 3 exist"],
      [NONE, '+6', 'up', "'+6' asks for 6 steps but only 5 exist"],
      [rows(line, c(4)), '+1', 'up', "'+1' asks for 1 step but only 0 exist"],
      [rows(line, c(3)), '-5', 'down', "'-5' asks for 5 steps but only 4 exist"],
      [NONE, '-1', 'down', "'-1' asks for 1 step but only 0 exist"],
      [NONE, c(2) + '+5', 'up', 'asks for 5 steps but only 2 exist'],
      [NONE, c(2) + '-3', 'up', 'asks for 3 steps but only 2 exist'],
    ];
    for (const [applied, spec, direction, message] of cases) {
      const error = thrown(() =>
        direction === 'up' ? planUpgrade(line, applied, spec) : planDowngrade(line, applied, spec),
      );
      expect(error, spec).toBeInstanceOf(RelativeOvershootError);
      expect(error.message, spec).toContain(message);
    }
  });

  it('upgrade -N and downgrade +N are refused with the right command', () => {
    expect(() => planUpgrade(line, rows(line, c(2)), '-1')).toThrow(/goes back.*strata downgrade -1/);
    expect(() => planDowngrade(line, rows(line, c(2)), '+1')).toThrow(/goes forward.*strata upgrade \+1/);
    expect(() => planUpgrade(sample, ALL, 'audit@-1')).toThrow(TargetError);
  });

  it('relative to several current heads is refused, listing them', () => {
    const error = thrown(() => planDowngrade(sample, ALL, '-1'));
    expect(error).toBeInstanceOf(TargetError);
    expect([...(error as TargetError).candidates].sort()).toEqual([MAIN_HEAD, AUDIT_HEAD]);
    expect(error.message).toContain('<label>@-1');
    expect(() => planUpgrade(sample, ALL, '+1')).toThrow(TargetError);
  });

  it('+N from nothing with several bases is refused, listing them', () => {
    const twoBases = build([{ id: 'aaaa00000001' }, { id: 'bbbb00000002' }]);
    const error = thrown(() => planUpgrade(twoBases, NONE, '+1'));
    expect(error).toBeInstanceOf(TargetError);
    expect(error.message).toContain('aaaa00000001');
    expect(error.message).toContain('bbbb00000002');
  });
});

describe('<rev>+N and <rev>-N', () => {
  it('upgrade <rev>+N and <rev>-N walk from the named revision', () => {
    expect(ids(planUpgrade(line, NONE, `${c(0)}+2`))).toEqual([c(0), c(1), c(2)]);
    expect(ids(planUpgrade(line, NONE, `${c(4)}-3`))).toEqual([c(0), c(1)]);
    expect(ids(planUpgrade(sample, NONE, '3550b5f2509d+2'))).toEqual(['3550b5f2509d', 'cb1428ecc66a', 'd58b93b189e5']);
    expect(planUpgrade(sample, NONE, '0874aef793be-3').at(-1)?.revision).toBe('4ffc44baf86d');
  });

  it('a target that is already applied is a silent no-op', () => {
    expect(planUpgrade(line, rows(line, c(3)), `${c(3)}-2`)).toEqual([]);
    expect(planUpgrade(line, rows(line, c(3)), c(0))).toEqual([]);
  });

  it('downgrade <rev>-N keeps the revision N below and takes back what is above it', () => {
    expect(ids(planDowngrade(line, rows(line, c(4)), `${c(4)}-2`))).toEqual([c(4), c(3)]);
    // Only what descends from the kept revision: the audit branch stays.
    expect(ids(planDowngrade(sample, ALL, '0874aef793be-2'))).toEqual(['0874aef793be', 'cbb3a9d9d724']);
    const both = planDowngrade(sample, ALL, '6889de750fdb-4');
    expect(ids(both).sort()).toEqual(['89c28fd7945e', 'cbb3a9d9d724', '0874aef793be', ...AUDIT].sort());
    expect(rowsFromApplied(sample, run(sample, ALL, both))).toEqual(['4ffc44baf86d']);
  });

  it('downgrade to a revision that is not applied is refused, however it is written', () => {
    const applied = rows(sample, '89c28fd7945e');
    expect(() => planDowngrade(sample, applied, 'cbb3a9d9d724')).toThrow(/not applied/);
    expect(() => planDowngrade(sample, applied, '0874aef793be-1')).toThrow(/not applied/);
    expect(() => planDowngrade(line, rows(line, c(1)), `${c(4)}-1`)).toThrow(/not applied/);
  });

  it('downgrade <rev>+N goes forward and is refused', () => {
    expect(() => planDowngrade(line, rows(line, c(4)), `${c(1)}+1`)).toThrow(/goes forward/);
  });
});

describe('branch-scoped targets <label>@…', () => {
  // main: base → m1 → m2; billing: base → b1 → b2 → b3, both open.
  const branches = build([
    { id: 'base00000000' },
    { id: 'm10000000001', parents: ['base00000000'] },
    { id: 'b10000000001', parents: ['base00000000'], labels: ['billing'] },
    { id: 'm10000000002', parents: ['m10000000001'] },
    { id: 'b10000000002', parents: ['b10000000001'] },
    { id: 'b10000000003', parents: ['b10000000002'] },
  ]);
  const everything = new Set(branches.byId.keys());

  it('<label>@head is the head of that branch', () => {
    expect(labelHead(sample, 'audit')).toBe(AUDIT_HEAD);
    const plan = planUpgrade(sample, NONE, 'audit@head');
    expect(plan).toHaveLength(28);
    expect(ids(plan)).not.toContain(MAIN_HEAD);
    expect(ids(plan).at(-1)).toBe(AUDIT_HEAD);
    expect(ids(planUpgrade(branches, rows(branches, 'm10000000002'), 'billing@head'))).toEqual([
      'b10000000001',
      'b10000000002',
      'b10000000003',
    ]);
  });

  it('<label>@head of a merged label with several heads lists them', () => {
    const error = thrown(() => planUpgrade(sample, NONE, 'billing@head'));
    expect(error).toBeInstanceOf(MultipleHeadsError);
    expect(error.message).toContain(MAIN_HEAD);
    expect(error.message).toContain(AUDIT_HEAD);
  });

  it('<label>@base takes back only that branch; upgrading to it does nothing', () => {
    expect(ids(planDowngrade(sample, ALL, 'audit@base'))).toEqual([...AUDIT].reverse());
    expect(ids(planDowngrade(branches, everything, 'billing@base'))).toEqual([
      'b10000000003',
      'b10000000002',
      'b10000000001',
    ]);
    expect(planUpgrade(branches, NONE, 'billing@base')).toEqual([]);
  });

  it('a merged label names everything after the merge too (Alembic propagation)', () => {
    const plan = planDowngrade(sample, ALL, 'billing@base');
    const kept = run(sample, ALL, plan);
    expect([...kept].sort()).toEqual([...FIRST_EIGHT, '2bfa279ce6f3', '3e5755fbda8c'].sort());
    for (const revision of BILLING) expect(kept.has(id(revision))).toBe(false);
  });

  it('downgrade <label>@-N takes back only that branch (a partial plan)', () => {
    expect(planDowngrade(branches, everything, 'billing@-1')).toEqual([
      { revision: 'b10000000003', direction: 'downgrade' },
    ]);
    expect(ids(planDowngrade(branches, everything, 'billing@-2'))).toEqual(['b10000000003', 'b10000000002']);
    const after = run(branches, everything, planDowngrade(branches, everything, 'billing@-1'));
    expect(rowsFromApplied(branches, after).sort()).toEqual(['b10000000002', 'm10000000002']);
    expect(ids(planDowngrade(sample, ALL, 'audit@-1'))).toEqual([AUDIT_HEAD]);
    expect(ids(planDowngrade(sample, ALL, 'audit@-2'))).toEqual([AUDIT_HEAD, '3cd8dcdb16de']);
  });

  it('upgrade <label>@+N walks that branch only', () => {
    const atBranchPoint = rows(sample, '4ffc44baf86d');
    expect(ids(planUpgrade(sample, atBranchPoint, 'audit@+1'))).toEqual(['20e95d6662d1']);
    expect(ids(planUpgrade(sample, atBranchPoint, 'audit@+2'))).toEqual(['20e95d6662d1', '37d8e4952211']);
    expect(ids(planUpgrade(branches, rows(branches, 'b10000000001', 'm10000000002'), 'billing@+1'))).toEqual([
      'b10000000002',
    ]);
    const error = thrown(() => planUpgrade(sample, rows(sample, '37d8e4952211'), 'audit@+5'));
    expect(error).toBeInstanceOf(RelativeOvershootError);
    expect(error.message).toContain('asks for 5 steps but only 2 exist');
  });

  it('<label>@<rev> and <label>@<rev>+N', () => {
    const atBranchPoint = rows(sample, '4ffc44baf86d');
    expect(ids(planUpgrade(sample, atBranchPoint, 'audit@37d8e4952211'))).toEqual(['20e95d6662d1', '37d8e4952211']);
    expect(ids(planUpgrade(sample, atBranchPoint, 'audit@20e9+2'))).toEqual([
      '20e95d6662d1',
      '37d8e4952211',
      '3cd8dcdb16de',
    ]);
    // From the branch point, the label chooses the child to walk into.
    expect(ids(planUpgrade(sample, atBranchPoint, 'audit@4ffc44baf86d+1'))).toEqual(['20e95d6662d1']);
    expect(ids(planDowngrade(sample, ALL, 'audit@37d8e4952211'))).toEqual([AUDIT_HEAD, '3cd8dcdb16de']);
    expect(ids(planDowngrade(sample, ALL, 'audit@6889-2'))).toEqual([AUDIT_HEAD, '3cd8dcdb16de']);
  });

  it('an unknown label is named, with the labels that exist', () => {
    for (const spec of ['nope@head', 'nope@base', 'nope@+1', 'nope@3550b5f2509d']) {
      const error = thrown(() => planUpgrade(sample, NONE, spec));
      expect(error, spec).toBeInstanceOf(UnknownRevisionError);
      expect(error.message, spec).toContain("'nope@'");
      expect(error.message, spec).toContain('audit, billing');
    }
  });
});

describe('ambiguous walks at a branch point or a mergepoint', () => {
  it('+1 from a branch point', () => {
    const error = thrown(() => planUpgrade(sample, rows(sample, '96f45c8af258'), '+1'));
    expect(error).toBeInstanceOf(AmbiguousWalkError);
    expect([...(error as AmbiguousWalkError).candidates].sort()).toEqual(['2bfa279ce6f3', 'af6de9a11ca9']);
    expect(error.message).toContain('96f45c8af258');
    expect(() => planUpgrade(sample, NONE, '96f45c8af258+1')).toThrow(AmbiguousWalkError);
    expect(() => walk(sample, id('4ffc44baf86d'), 1, '+1')).toThrow(AmbiguousWalkError);
  });

  it('-1 at a mergepoint (Alembic: "Ambiguous walk")', () => {
    const atMerge = rows(sample, 'e45df46a870b');
    const error = thrown(() => planDowngrade(sample, atMerge, '-1'));
    expect(error).toBeInstanceOf(AmbiguousWalkError);
    expect([...(error as AmbiguousWalkError).candidates].sort()).toEqual(['3e5755fbda8c', 'ef1a2e082c82']);
    // Naming the revision to keep is the way out.
    expect(ids(planDowngrade(sample, atMerge, '3e5755fbda8c'))).toEqual(['e45df46a870b']);
  });

  it('walking back through a mergepoint', () => {
    expect(() => planDowngrade(sample, rows(sample, 'b6bb1487d551'), '-2')).toThrow(AmbiguousWalkError);
    expect(() => planDowngrade(sample, ALL, 'e45df46a870b-1')).toThrow(AmbiguousWalkError);
    expect(() => planUpgrade(sample, NONE, 'b6bb1487d551-2')).toThrow(AmbiguousWalkError);
    // One step back from the revision after the merge is fine: it lands on the merge.
    expect(ids(planDowngrade(sample, rows(sample, 'b6bb1487d551'), '-1'))).toEqual(['b6bb1487d551']);
  });
});

describe('depends-on (alembic.md §3)', () => {
  // Two bases: a1 → a2 → d1 (main), n1 → n2 → n3 (networking); d1 depends on n2.
  const graph = build([
    { id: 'a1000001' },
    { id: 'a1000002', parents: ['a1000001'] },
    { id: 'n1000001', labels: ['networking'] },
    { id: 'n1000002', parents: ['n1000001'] },
    { id: 'n1000003', parents: ['n1000002'] },
    { id: 'd1000001', parents: ['a1000002'], dependsOn: ['n1000002'] },
  ]);

  it('upgrading a revision also applies its dependency from the other base, first', () => {
    const plan = planUpgrade(graph, NONE, 'd1000001');
    expect(ids(plan).sort()).toEqual(['a1000001', 'a1000002', 'd1000001', 'n1000001', 'n1000002']);
    expect(ids(plan).at(-1)).toBe('d1000001');
    run(graph, NONE, plan);
  });

  it('the dependency is implied by the dependent, not stored as a row (alembic.md §4)', () => {
    const applied = run(graph, NONE, planUpgrade(graph, NONE, 'd1000001'));
    expect(rowsFromApplied(graph, applied)).toEqual(['d1000001']);
    expect(sortedIds(appliedFromRows(graph, ['d1000001']))).toEqual(sortedIds(applied));
    // So the database has one current head, and -1 takes back only the dependent.
    expect(ids(planDowngrade(graph, applied, '-1'))).toEqual(['d1000001']);
  });

  it('downgrading the dependency first downgrades the dependent', () => {
    const all = run(graph, NONE, planUpgrade(graph, NONE, 'heads'));
    expect(rowsFromApplied(graph, all).sort()).toEqual(['d1000001', 'n1000003']);
    const plan = planDowngrade(graph, all, 'n1000001');
    expect(ids(plan).sort()).toEqual(['d1000001', 'n1000002', 'n1000003']);
    expect(ids(plan).indexOf('d1000001')).toBeLessThan(ids(plan).indexOf('n1000002'));
    const after = run(graph, all, plan);
    expect([...after].sort()).toEqual(['a1000001', 'a1000002', 'n1000001']);
  });

  it('networking@base takes back the dependent as well', () => {
    const all = new Set(graph.byId.keys());
    const after = run(graph, all, planDowngrade(graph, all, 'networking@base'));
    expect([...after].sort()).toEqual(['a1000001', 'a1000002']);
  });

  it('a dependent cannot run before its dependency, nor the dependency go first', () => {
    expect(stepStatus(graph, rows(graph, 'a1000002'), { revision: id('d1000001'), direction: 'upgrade' })).toEqual({
      kind: 'blocked',
      reason: expect.stringContaining('n1000002'),
    });
    expect(stepStatus(graph, rows(graph, 'd1000001'), { revision: id('n1000002'), direction: 'downgrade' })).toEqual({
      kind: 'blocked',
      reason: expect.stringContaining('d1000001'),
    });
  });
});

describe('stampRows', () => {
  it('replaces the rows of the target branch and keeps unrelated branches', () => {
    expect(stampRows(sample, NONE, 'heads', false).sort()).toEqual([MAIN_HEAD, AUDIT_HEAD]);
    expect(stampRows(sample, ALL, '89c28fd7945e', false).sort()).toEqual([AUDIT_HEAD, '89c28fd7945e']);
    expect(stampRows(sample, ALL, '4ffc44baf86d', false)).toEqual(['4ffc44baf86d']);
    expect(stampRows(sample, ALL, '89c28fd7945e', true)).toEqual(['89c28fd7945e']);
    expect(stampRows(sample, ALL, 'base', false)).toEqual([]);
    expect(stampRows(line, rows(line, c(1)), 'head', false)).toEqual([c(4)]);
  });
});

describe('an unknown target carries what was probably meant', () => {
  const suggested = (fn: () => unknown): readonly string[] => {
    const error = thrown(fn);
    expect(error).toBeInstanceOf(TargetError);
    return (error as TargetError).suggestions;
  };

  it('a keyword one slip away', () => {
    expect(suggested(() => planUpgrade(sample, NONE, 'hed'))).toEqual(['head']);
    expect(suggested(() => planUpgrade(sample, NONE, 'haeds'))).toEqual(['heads']);
    expect(suggested(() => planDowngrade(sample, ALL, 'bsae'))).toEqual(['base']);
    expect(thrown(() => planUpgrade(sample, NONE, 'hed')).message).toBe(
      "no revision, branch label or target 'hed': did you mean head?",
    );
  });

  it('a revision id or prefix with a slip in it, as the full id', () => {
    expect(suggested(() => planUpgrade(sample, NONE, '0874aef793bf'))).toEqual([MAIN_HEAD]);
    expect(suggested(() => planUpgrade(sample, NONE, '0847'))).toEqual([MAIN_HEAD]);
    expect(suggested(() => resolveRevision(sample, '3550b5f2509d'.replace('b5', '5b')))).toEqual(['3550b5f2509d']);
  });

  it('a branch label with a slip in it', () => {
    expect(suggested(() => planUpgrade(sample, NONE, 'biling@head'))).toEqual(['billing']);
    expect(suggested(() => resolveRevision(sample, 'audti'))).toEqual(['audit']);
  });

  it('nothing when nothing is close, and never a prefix two revisions share', () => {
    expect(suggested(() => planUpgrade(sample, NONE, 'deadbeef0000'))).toEqual([]);
    const prefixed = build([{ id: 'abcd00000001' }, { id: 'abcd00000002', parents: ['abcd00000001'] }]);
    expect(suggested(() => resolveRevision(prefixed, 'abce'))).toEqual([]);
  });

  it('a label with nothing after its @ says what may follow', () => {
    const error = thrown(() => planUpgrade(sample, NONE, 'audit@'));
    expect(error).toBeInstanceOf(UnknownRevisionError);
    expect(error.message).toBe(
      "no revision, branch label or target 'audit@' (nothing after '@': " +
        'audit@head, audit@base, audit@+N, audit@-N or audit@REV)',
    );
  });

  it('every refusal of a target names the target as typed', () => {
    expect(thrown(() => planDowngrade(sample, rows(sample, 'b6bb1487d551'), '-2')).message).toContain("'-2'");
    expect(thrown(() => planUpgrade(sample, NONE, '96f45c8af258+1')).message).toContain("'96f45c8af258+1'");
    expect(thrown(() => planDowngrade(sample, NONE, '3550b5f2509d')).message).toContain("'3550b5f2509d'");
  });
});

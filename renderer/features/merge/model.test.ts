import { describe, expect, it } from 'vitest';
import type { MergeAnalyzeOutput } from '../../../shared/api/merge.ts';
import { createBlocker, linearizeChoices, revisionObjects } from './model.ts';
import { EMPTY_DRAFT } from './store.ts';

const A = 'aaaaaaaaaaaa';
const B = 'bbbbbbbbbbbb';

function result(databases: MergeAnalyzeOutput['databases']): MergeAnalyzeOutput {
  return {
    analysis: {
      heads: [A, B],
      forkPoints: [],
      branches: [A, B].map((head) => ({ head, labels: [], revisions: [] })),
      pairs: [{ heads: [A, B], verdict: 'conflict', conflicts: [], opaque: [], commute: null }],
      verdict: 'conflict',
    },
    databases,
    suggestedSql: '',
  };
}

describe('the merge screen model', () => {
  it('offers to linearize only a branch no readable database has applied, any of it', () => {
    const choices = linearizeChoices(
      result([
        { connectionId: 'dev', database: 'dev', branches: ['all', 'none'], error: null, warning: null },
        { connectionId: 'stage', database: 'staging', branches: ['none', 'none'], error: null, warning: null },
        { connectionId: 'qa', database: 'qa', branches: ['partial', 'none'], error: null, warning: null },
        { connectionId: 'prod', database: 'prod', branches: null, error: 'timeout', warning: null },
      ]),
    );
    expect(choices.map((c) => c.blocked)).toEqual(['applied on dev, qa: create a merge revision instead', null]);
    expect(choices.map((c) => c.onto)).toEqual([[B], [A]]);
    expect(choices[1]?.unchecked).toEqual(['prod']);
  });

  it('refuses a merge over conflicts until they are accepted, and one without a message', () => {
    const { analysis } = result([]);
    expect(createBlocker(analysis, { ...EMPTY_DRAFT, message: 'm' })).toMatch(/^The branches conflict/);
    expect(createBlocker(analysis, { ...EMPTY_DRAFT, message: 'm', acceptConflicts: true })).toBeNull();
    expect(createBlocker(analysis, { ...EMPTY_DRAFT, message: '  ', acceptConflicts: true })).toMatch(/message/);
    expect(createBlocker({ ...analysis, verdict: 'cannot-tell' }, { ...EMPTY_DRAFT, message: 'm' })).toBeNull();
  });

  it('names a new table once, not each of its columns, and each object once per action', () => {
    const touch = (kind: 'table' | 'column', name: string, action: 'create' | 'alter', table?: string) => ({
      kind,
      name,
      action,
      what: '',
      line: 1,
      ...(table ? { table } : {}),
    });
    const objects = revisionObjects([
      touch('table', 'teams', 'create'),
      touch('column', 'teams.id', 'create', 'teams'),
      touch('table', 'users', 'alter'),
      touch('column', 'users.team_id', 'create', 'users'),
      touch('column', 'users.team_id', 'create', 'users'),
    ]);
    expect(objects.map((t) => `${t.action} ${t.name}`)).toEqual(['create teams', 'create users.team_id']);
  });
});

import { describe, expect, it } from 'vitest';
import type { AutogenDiff, RenameCandidateInfo } from '../../../shared/api/autogen.ts';
import { candidateKey, includeOf, renamesOf, saveBlockers } from './model.ts';

const rename: RenameCandidateInfo = { kind: 'column', table: 'users', from: 'name', to: 'display_name' };
const drop = { kind: 'dropColumn', object: 'column main.users.name', owners: ['main.users'], destructive: true };
const diff = { operations: [drop] } as unknown as AutogenDiff;

describe('the review screen decisions', () => {
  it('sends only the renames answered "rename"', () => {
    const table: RenameCandidateInfo = { kind: 'table', table: null, from: 'a', to: 'b' };
    expect(renamesOf([rename, table], { [candidateKey(rename)]: 'rename', [candidateKey(table)]: 'drop' })).toEqual({
      tables: [],
      columns: [{ table: 'users', from: 'name', to: 'display_name' }],
    });
  });

  it('includes every object but those left out, and nothing is filtered while none is', () => {
    expect(includeOf(['main.users', 'main.tags'], [])).toBeUndefined();
    expect(includeOf(['main.users', 'main.tags'], ['main.tags'])).toEqual(['main.users']);
  });

  it('blocks saving until every rename is answered and every destructive operation confirmed', () => {
    const base = { diff, candidates: [rename], answers: {}, confirmed: [], upgradeSql: 'x;', message: 'm' };
    expect(saveBlockers(base)).toEqual(['answer the rename question', 'confirm the destructive operation']);
    expect(saveBlockers({ ...base, answers: { [candidateKey(rename)]: 'drop' }, confirmed: [drop.object] })).toEqual(
      [],
    );
    expect(
      saveBlockers({ ...base, answers: { [candidateKey(rename)]: 'drop' }, confirmed: [drop.object], message: ' ' }),
    ).toEqual(['write a message']);
  });
});

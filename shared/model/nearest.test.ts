// "Did you mean": slips are found (a swap counts as one), unrelated words are not suggested.
import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, nearest } from './nearest.ts';

describe('editDistance', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('upgarde', 'upgrade')).toBe(1);
    expect(editDistance('head', 'hed')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('stops past the limit', () => {
    expect(editDistance('aaaaaaaa', 'bbbbbbbb', 2)).toBe(3);
  });
});

describe('nearest', () => {
  const commands = [
    'init',
    'revision',
    'merge',
    'upgrade',
    'downgrade',
    'current',
    'heads',
    'history',
    'show',
    'stamp',
    'check',
    'lint',
    'rehearse',
    'serve',
  ];

  it('finds the word meant', () => {
    expect(nearest('upgarde', commands)).toEqual(['upgrade']);
    expect(nearest('dwongrade', commands)).toEqual(['downgrade']);
    expect(nearest('hed', ['head', 'heads', 'base'])).toEqual(['head']);
    expect(nearest('UPGRADE', commands)).toEqual(['upgrade']);
  });

  it('suggests nothing for an unrelated word or a very short one', () => {
    expect(nearest('frobnicate', commands)).toEqual([]);
    expect(nearest('x', commands)).toEqual([]);
  });

  it('lists ties, best first', () => {
    expect(nearest('stam', ['stamp', 'steam', 'base'])).toEqual(['stamp', 'steam']);
  });
});

describe('didYouMean', () => {
  it('reads as a sentence', () => {
    expect(didYouMean([])).toBe('');
    expect(didYouMean(['upgrade'])).toBe('did you mean upgrade?');
    expect(didYouMean(['a', 'b', 'c'])).toBe('did you mean a, b or c?');
  });
});

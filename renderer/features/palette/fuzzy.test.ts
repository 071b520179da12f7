import { describe, expect, it } from 'vitest';
import { fuzzyFilter, fuzzyMatch } from './fuzzy.ts';

const titles = [
  'Toggle theme',
  'Add connection…',
  'Upgrade all heads',
  'Downgrade to base',
  'Upgrade to revision…',
  'Downgrade to revision…',
  'Go to revision…',
  'Refresh status',
  'Cancel run',
];
const rank = (q: string) => fuzzyFilter(titles, q, (t) => t).map((r) => r.item);

describe('fuzzyMatch', () => {
  it('matches letters in order, skipping others, case-insensitively', () => {
    expect(fuzzyMatch('upg', 'Upgrade all heads')?.positions).toEqual([0, 1, 2]);
    expect(fuzzyMatch('UAH', 'Upgrade all heads')?.positions).toEqual([0, 8, 12]);
    expect(fuzzyMatch('xyz', 'Upgrade all heads')).toBeNull();
    expect(fuzzyMatch('sdaerh', 'Upgrade all heads')).toBeNull();
  });

  it('prefers word starts to scattered letters', () => {
    const starts = fuzzyMatch('ah', 'Upgrade all heads');
    expect(starts?.positions).toEqual([8, 12]);
  });

  it('needs every word, in any order, and looks into keywords', () => {
    expect(fuzzyMatch('heads upgrade', 'Upgrade all heads')).not.toBeNull();
    expect(fuzzyMatch('heads nope', 'Upgrade all heads')).toBeNull();
    expect(fuzzyMatch('dark', 'Toggle theme', 'dark light appearance')).not.toBeNull();
    expect(fuzzyMatch('appear', 'Toggle theme', 'dark light appearance')).not.toBeNull();
  });

  it('takes keywords as word prefixes only, not scattered letters', () => {
    expect(fuzzyMatch('dlp', 'Toggle theme', 'dark light appearance')).toBeNull();
    expect(fuzzyMatch('ark', 'Toggle theme', 'dark light appearance')).toBeNull();
  });

  it('an empty query matches everything with score 0', () => {
    expect(fuzzyMatch('  ', 'anything')).toEqual({ score: 0, positions: [] });
  });
});

describe('fuzzyFilter', () => {
  it('ranks the obvious command first', () => {
    expect(rank('up hea')[0]).toBe('Upgrade all heads');
    expect(rank('dg base')[0]).toBe('Downgrade to base');
    expect(rank('theme')[0]).toBe('Toggle theme');
    expect(rank('goto')[0]).toBe('Go to revision…');
    expect(rank('cancel')).toEqual(['Cancel run']);
  });

  it('keeps the given order for an empty query', () => {
    expect(rank('')).toEqual(titles);
  });
});

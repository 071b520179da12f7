import { describe, expect, it } from 'vitest';
import { fixesInRange } from './quick-fixes.ts';

const concurrently = 'Build the index CONCURRENTLY (require-concurrent-index-creation)';

describe('the quick fixes offered for a range', () => {
  const fixes = [
    { id: 'a', title: concurrently, line: 1 },
    { id: 'b', title: 'Set lock_timeout (require-lock-timeout)', line: 1 },
    { id: 'c', title: concurrently, line: 2 },
    { id: 'd', title: 'Drop it (drop-table)', line: 5, endLine: 6 },
  ];

  it('lists each fix once when several findings in the range offer it', () => {
    expect(fixesInRange(fixes, 1, 2).map((f) => f.id)).toEqual(['a', 'b']);
  });

  it('keeps the fixes whose lines meet the range', () => {
    expect(fixesInRange(fixes, 2, 2).map((f) => f.id)).toEqual(['c']);
    expect(fixesInRange(fixes, 6, 9).map((f) => f.id)).toEqual(['d']);
  });
});

import { describe, expect, it } from 'vitest';
import { same } from './equal.ts';

describe('same', () => {
  it('compares plain data structurally, like its JSON text', () => {
    expect(same({ a: [1, { b: 'x' }], c: null }, { c: null, a: [1, { b: 'x' }] })).toBe(true);
    expect(same({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(same({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(same([1, 2], [2, 1])).toBe(false);
    expect(same([], {})).toBe(false);
    expect(same({ a: [1] }, { a: [1, 2] })).toBe(false);
    expect(same('1', 1)).toBe(false);
  });
});

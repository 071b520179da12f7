import { describe, expect, it } from 'vitest';
import { METHODS } from '../../shared/api/contract.ts';
import { invokeChannel, isMethodName, methodNames } from './channels.ts';

describe('preload method table', () => {
  it('names exactly the methods of the contract', () => {
    expect([...methodNames()].sort()).toEqual([...METHODS].sort());
  });

  it('accepts contract methods only, whatever the renderer sends', () => {
    for (const m of METHODS) expect(isMethodName(m)).toBe(true);
    for (const bad of [
      'toString',
      '__proto__',
      'constructor',
      'project',
      'project.open ',
      '',
      42,
      null,
      undefined,
      { toString: () => 'project.info' },
    ])
      expect(isMethodName(bad), String(bad)).toBe(false);
  });

  it('gives every method its own channel', () => {
    expect(new Set(METHODS.map(invokeChannel)).size).toBe(METHODS.length);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from '../../test/support/source-files.ts';
import { lockMode, relationKind } from '../api/lint.ts';
import { conflicts, LOCK_MODE_LABEL, LOCK_MODES, RELATION_KINDS, stronger } from './lock-mode.ts';

describe('the lock-mode vocabulary', () => {
  it('is defined once: no other source file spells out every mode', () => {
    const spelled = (text: string): boolean => LOCK_MODES.every((mode) => new RegExp(`\\b${mode}\\b`).test(text));
    const elsewhere = ['electron', 'shared', 'renderer']
      .flatMap(sourceFiles)
      .filter((f) => f !== join('shared', 'model', 'lock-mode.ts') && spelled(readFileSync(f, 'utf8')));
    expect(elsewhere, 'derive from shared/model/lock-mode.ts instead').toEqual([]);
  });

  it('is what the contract accepts', () => {
    expect(lockMode.options).toEqual([...LOCK_MODES]);
    expect(relationKind.options).toEqual([...RELATION_KINDS]);
    expect(Object.keys(LOCK_MODE_LABEL)).toEqual([...LOCK_MODES]);
  });

  it(
    "has PostgreSQL's conflict table: symmetric, " + 'ACCESS EXCLUSIVE conflicts with all, ACCESS SHARE with it alone',
    () => {
      for (const a of LOCK_MODES)
        for (const b of LOCK_MODES) expect(conflicts(a, b), `${a} / ${b}`).toBe(conflicts(b, a));
      expect(LOCK_MODES.filter((m) => conflicts('AccessShareLock', m))).toEqual(['AccessExclusiveLock']);
      expect(LOCK_MODES.every((m) => conflicts('AccessExclusiveLock', m))).toBe(true);
      expect(stronger('ShareLock', 'RowExclusiveLock')).toBe('ShareLock');
    },
  );
});

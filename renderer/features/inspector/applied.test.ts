import { describe, expect, it } from 'vitest';
import { editedSinceApplied } from './applied.ts';
import { historyEntry } from '../../../test/support/history-entries.ts';

const entry = historyEntry;

describe('editedSinceApplied', () => {
  it('is the newest applied upgrade when the file changed since', () => {
    const rows = [entry(1, { checksum: 'first' }), entry(3, { checksum: 'old' }), entry(2, { outcome: 'failed' })];
    expect(editedSinceApplied(rows, 'new')?.id).toBe(3);
  });

  it('is nothing when the file is as applied, never applied, or the row kept no checksum', () => {
    expect(editedSinceApplied([entry(1, {})], 'old')).toBeUndefined();
    expect(editedSinceApplied([entry(1, { direction: 'downgrade' })], 'new')).toBeUndefined();
    expect(editedSinceApplied([entry(1, { checksum: null })], 'new')).toBeUndefined();
  });
});

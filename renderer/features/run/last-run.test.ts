import { describe, expect, it } from 'vitest';
import type { HistoryEntryInfo } from '../../../shared/api/connections.ts';
import { historyEntry } from '../../../test/support/history-entries.ts';
import { lastRunOf } from './last-run.ts';

let nextId = 1;
const row = (revision: string, over: Partial<HistoryEntryInfo> = {}): HistoryEntryInfo =>
  historyEntry(nextId++, { revision, checksum: null, ...over });

describe('lastRunOf', () => {
  it('is the rows of the newest run id, in order, its outcome the worst of them', () => {
    const rows = [
      row('a1', { runId: 'run-old' }),
      row('a2', { runId: 'run-new' }),
      row('a3', { runId: 'run-new', outcome: 'failed', error: 'boom', durationMs: 5 }),
    ];
    const last = lastRunOf([...rows].reverse());
    expect(last?.runId).toBe('run-new');
    expect(last?.steps.map((s) => s.revision)).toEqual(['a2', 'a3']);
    expect(last?.outcome).toBe('failed');
    expect(last?.durationMs).toBe(15);
    expect(last?.by).toBe('ana@laptop');
  });

  it('takes a row from before run ids were recorded as a run of its own', () => {
    const last = lastRunOf([row('a1', { runId: 'run-1' }), row('a2', { direction: 'stamp' }), row('a3')]);
    expect(last?.runId).toBeNull();
    expect(last?.steps.map((s) => s.revision)).toEqual(['a3']);
    expect(last?.outcome).toBe('applied');
  });

  it('is nothing for an empty history', () => {
    expect(lastRunOf([])).toBeNull();
  });
});

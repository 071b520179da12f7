// A history row as the contract carries it (database.history), for renderer tests.
import type { HistoryEntryInfo } from '../../shared/api/connections.ts';

export function historyEntry(id: number, over: Partial<HistoryEntryInfo> = {}): HistoryEntryInfo {
  return {
    id,
    revision: 'a00000000001',
    direction: 'upgrade',
    checksum: 'old',
    startedAt: '2026-12-07T10:00:00.000Z',
    durationMs: 10,
    outcome: 'applied',
    user: 'ana',
    host: 'laptop',
    toolVersion: '0.1.0',
    error: null,
    ...over,
  };
}

// Whether a revision was edited after it was applied on a connection, from its history rows. Pure.
import type { HistoryEntry } from './use-revision-history.ts';

/** The newest upgrade that applied the revision, when the file's checksum has changed since. */
export function editedSinceApplied(entries: readonly HistoryEntry[], checksum: string): HistoryEntry | undefined {
  const applied = entries
    .filter((e) => e.direction === 'upgrade' && e.outcome === 'applied')
    .reduce<HistoryEntry | undefined>(
      (newest, e) => (newest === undefined || e.id > newest.id ? e : newest),
      undefined,
    );
  return applied && applied.checksum !== null && applied.checksum !== checksum ? applied : undefined;
}

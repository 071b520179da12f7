// What `check` verifies against a database: every applied revision's file still has the
// checksum it had when it ran (the edited-after-apply pitfall), and whether the database is
// exactly at the project's heads.
import type { RevisionId } from '../../../shared/model/revision.ts';
import type { HistoryRow } from '../dialects/dialect.ts';
import type { Applied } from '../graph/plan.ts';
import type { RevisionMap } from '../graph/revision-map.ts';

export interface ChecksumMismatch {
  readonly revision: RevisionId;
  readonly file: string;
  readonly applied: string;
  readonly now: string;
  readonly appliedAt: Date;
}

/** Compares each applied revision with the checksum of its last upgrade or stamp. */
export function checksumMismatches(
  map: RevisionMap,
  applied: Applied,
  history: readonly HistoryRow[],
): ChecksumMismatch[] {
  const last = new Map<string, HistoryRow>();
  for (const row of history) {
    if (row.outcome === 'applied' && (row.direction === 'upgrade' || row.direction === 'stamp'))
      last.set(row.revision, row);
  }
  const out: ChecksumMismatch[] = [];
  for (const id of map.sortForUpgrade(applied)) {
    const row = last.get(id);
    const rev = map.get(id);
    if (row?.checksum && row.checksum !== rev.checksum)
      out.push({ revision: id, file: rev.file, applied: row.checksum, now: rev.checksum, appliedAt: row.startedAt });
  }
  return out;
}

export interface HeadsComparison {
  readonly atHeads: boolean;
  /** Heads of the project the database has not reached. */
  readonly missing: readonly RevisionId[];
  /** Revisions pending to reach all heads. */
  readonly pending: number;
}

export function compareWithHeads(map: RevisionMap, applied: Applied): HeadsComparison {
  const missing = map.heads.filter((h) => !applied.has(h));
  const pending = [...map.ancestors(map.heads)].filter((id) => !applied.has(id)).length;
  return { atHeads: missing.length === 0, missing, pending };
}

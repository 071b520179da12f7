// `stamp`: set the version table without running any SQL, under the same lock and in one
// transaction, so a failing stamp leaves the table as it was (Alembic 1.8 empties it on SQLite).
import type { RevisionId } from '../../../shared/model/revision.ts';
import type { Connection, RunLockOptions, StrataTables } from '../dialects/dialect.ts';
import {
  ensureStrataTables,
  historyInsert,
  readStartedRuns,
  readVersionRows,
  versionChanges,
} from '../dialects/strata-tables.ts';
import { appliedFromRows, stampRows } from '../graph/plan.ts';
import type { RevisionMap } from '../graph/revision-map.ts';
import { InterruptedRunError } from './errors.ts';
import { defaultIdentity, type Identity } from './identity.ts';
import { describeInterrupted } from './interrupted/report.ts';

export interface StampResult {
  readonly before: readonly string[];
  readonly after: readonly RevisionId[];
}

/**
 * Under the same run lock as upgrade and downgrade: a stamp that landed between two revisions
 * of a running upgrade would make it skip the rest as done, and leave their tables uncreated.
 */
export async function stamp(
  conn: Connection,
  map: RevisionMap,
  tables: StrataTables,
  target: string,
  purge: boolean,
  identity: Identity = defaultIdentity(),
  lock: RunLockOptions = {},
): Promise<StampResult> {
  const release = await conn.acquireRunLock(tables, lock);
  try {
    await conn.execute(conn.sql.beginTransaction());
    try {
      await ensureStrataTables(conn, tables);
      const before = await readVersionRows(conn, tables);
      // A stamp over a revision cut off half way would bury what it left: resolve it first.
      const interrupted = await readStartedRuns(conn, tables);
      if (interrupted.length > 0) {
        const runs = [];
        for (const row of interrupted) runs.push(await describeInterrupted(conn, map, tables, row, true));
        throw new InterruptedRunError(runs);
      }
      // --purge is the way out of rows naming unknown revisions, so it must not read them.
      const applied = purge ? new Set<RevisionId>() : appliedFromRows(map, before);
      const after = stampRows(map, applied, target, purge);
      for (const change of versionChanges(conn.sql, tables, before, after)) await conn.execute(change);
      const added = [...map.ancestors(after)].filter((id) => !applied.has(id) || purge);
      const now = new Date();
      for (const id of map.sortForUpgrade(added)) {
        await conn.execute(
          historyInsert(conn.sql, tables, {
            revision: id,
            direction: 'stamp',
            checksum: map.get(id).checksum,
            startedAt: now,
            durationMs: 0,
            outcome: 'applied',
            error: null,
            ...identity,
          }),
        );
      }
      await conn.execute('COMMIT');
      return { before, after };
    } catch (error) {
      await conn.execute('ROLLBACK').catch(() => {});
      throw error;
    }
  } finally {
    await release().catch(() => {});
  }
}

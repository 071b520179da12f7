// `stamp`: set the version table without running any SQL, under the same lock and in one
// transaction, so a failing stamp leaves the table as it was (Alembic 1.8 empties it on SQLite).
import type { RevisionId } from '../../../shared/model/revision.ts';
import type { Connection, StrataTables } from '../dialects/dialect.ts';
import { ensureStrataTables, historyInsert, readVersionRows, versionChanges } from '../dialects/strata-tables.ts';
import { appliedFromRows, stampRows } from '../graph/plan.ts';
import type { RevisionMap } from '../graph/revision-map.ts';
import { defaultIdentity, type Identity } from './identity.ts';

export interface StampResult {
  readonly before: readonly string[];
  readonly after: readonly RevisionId[];
}

export async function stamp(conn: Connection, map: RevisionMap, tables: StrataTables, target: string, purge: boolean, identity: Identity = defaultIdentity()): Promise<StampResult> {
  const release = await conn.acquireRunLock(tables, () => {});
  try {
    await conn.execute(conn.sql.beginTransaction());
    try {
      await ensureStrataTables(conn, tables);
      const before = await readVersionRows(conn, tables);
      // --purge is the way out of rows naming unknown revisions, so it must not read them.
      const applied = purge ? new Set<RevisionId>() : appliedFromRows(map, before);
      const after = stampRows(map, applied, target, purge);
      for (const change of versionChanges(conn.sql, tables, before, after)) await conn.execute(change);
      const added = [...map.ancestors(after)].filter((id) => !applied.has(id) || purge);
      const now = new Date();
      for (const id of map.sortForUpgrade(added)) {
        await conn.execute(historyInsert(conn.sql, tables, { revision: id, direction: 'stamp', checksum: map.get(id).checksum, startedAt: now, durationMs: 0, outcome: 'applied', error: null, ...identity }));
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

// SQLite's run lock is a sidecar file's, so every revision's transaction must see what any other
// writer of the version table did meanwhile; reading the table again each time was two statements
// per revision the offline script does not run. The runner now reads it again only when another
// connection committed since (PRAGMA data_version), and still sees that writer every time.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { chain, writeProject } from '../../../test/support/projects.ts';
import type { Connection } from '../dialects/dialect.ts';
import { connect, parseDatabaseUrl } from '../dialects/registry.ts';
import { readVersionRows } from '../dialects/strata-tables.ts';
import { planUpgrade } from '../graph/plan.ts';
import { loadProject } from '../project/project.ts';
import { runMigration, type RunEvent } from './runner.ts';

const tables = { version: 'strata_version', history: 'strata_history' };

describe('per-revision run on SQLite: the version rows read again only when someone else wrote', () => {
  let db: TestDatabase;
  let conn: Connection | undefined;
  afterEach(async () => {
    await conn?.close();
    conn = undefined;
    await db?.drop();
  });

  async function setup(n: number): Promise<{ map: ReturnType<typeof loadProject>['map']; conn: Connection }> {
    db = await createDatabase('sqlite');
    const { map } = loadProject(writeProject('sqlite', chain(n)));
    conn = await connect(parseDatabaseUrl(db.url, '/'));
    return { map, conn };
  }

  it('reads the version table at the start and once more, not in every revision', async () => {
    const { map, conn } = await setup(10);
    const query = vi.spyOn(conn, 'query');
    const result = await runMigration(conn, map, tables, { plan: (a) => planUpgrade(map, a, 'head') });
    expect(result.applied).toBe(10);
    const reads = query.mock.calls.filter(([sql]) => /^SELECT version_num FROM/.test(sql));
    // The plan's read, and the first revision's (the baseline of data_version): 11 reads before.
    expect(reads).toHaveLength(2);
    expect(await readVersionRows(conn, tables)).toEqual(['c00000000009']);
  });

  it('still sees another connection move the version table between two revisions', async () => {
    const { map, conn } = await setup(4);
    const other = new Database(db.url);
    try {
      const onEvent = (event: RunEvent): void => {
        // After the first revision committed: another tool says the next two are applied.
        if (event.type === 'step-end' && event.index === 0)
          other.exec("UPDATE strata_version SET version_num = 'c00000000002'");
      };
      const result = await runMigration(conn, map, tables, { plan: (a) => planUpgrade(map, a, 'head'), onEvent });
      expect(result).toMatchObject({ applied: 2, skipped: 2 });
      expect(await readVersionRows(conn, tables)).toEqual(['c00000000003']);
      const created = other
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 't%' ORDER BY name")
        .all();
      expect(created).toEqual([{ name: 't0' }, { name: 't3' }]);
    } finally {
      other.close();
    }
  });
});

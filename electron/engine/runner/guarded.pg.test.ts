// Guarded execution on the embedded PostgreSQL: lock_timeout with retries, live blockers,
// and the cleanup offered for what aborted CONCURRENTLY commands leave behind.
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { writeProject } from '../../../test/support/projects.ts';
import type { Connection } from '../dialects/dialect.ts';
import { connect, parseDatabaseUrl } from '../dialects/registry.ts';
import { readHistory, readVersionRows } from '../dialects/strata-tables.ts';
import { planUpgrade } from '../graph/plan.ts';
import { loadProject } from '../project/project.ts';
import { sqlStateOf, StatementFailedError } from './errors.ts';
import { findConcurrentLeftovers } from './guarded.ts';
import { runMigration, type RunEvent } from './runner.ts';

const tables = { version: 'strata_version', history: 'strata_history' };

describe('guarded runs', () => {
  let db: TestDatabase;
  let conn: Connection | undefined;
  let holder: pg.Client | undefined;
  afterEach(async () => {
    await holder?.end().catch(() => {});
    holder = undefined;
    await conn?.close();
    conn = undefined;
    await db?.drop();
  });

  async function setup() {
    db = await createPostgresDatabase();
    const project = loadProject(
      writeProject('postgres', [
        { id: 'a00000000001', up: 'CREATE TABLE t (id int);\n', down: 'DROP TABLE t;\n' },
        {
          id: 'b00000000002',
          parents: ['a00000000001'],
          up: 'ALTER TABLE t ADD COLUMN v int;\n',
          down: 'ALTER TABLE t DROP COLUMN v;\n',
        },
      ]),
    );
    conn = await connect(parseDatabaseUrl(db.url, '/'));
    await runMigration(conn, project.map, tables, { plan: (a) => planUpgrade(project.map, a, 'a00000000001') });
    holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    const pid = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    await holder.query('BEGIN');
    await holder.query('SELECT count(*) FROM t');
    return { project, conn, holder, pid };
  }

  it('retries a revision that hit lock_timeout and reports who blocks it', async () => {
    const { project, conn, holder, pid } = await setup();
    const events: RunEvent[] = [];
    setTimeout(() => void holder.query('COMMIT'), 1200);
    const result = await runMigration(conn, project.map, tables, {
      plan: (a) => planUpgrade(project.map, a, 'heads'),
      guard: { lockTimeout: '600ms', retries: 5, backoffMs: 100, watchUrl: db.url, pollMs: 250 },
      onEvent: (e) => events.push(e),
    });
    expect(result.applied).toBe(1);
    expect(await readVersionRows(conn, tables)).toEqual(['b00000000002']);
    const waits = events.filter((e) => e.type === 'lock-wait' && e.blockers);
    expect(waits.length).toBeGreaterThan(0);
    const first = waits[0] as Extract<RunEvent, { type: 'lock-wait' }>;
    expect(first.revision).toBe('b00000000002');
    expect(first.blockers?.[0]).toMatchObject({ pid, state: 'idle in transaction' });
    const retries = events.filter((e) => e.type === 'lock-retry');
    expect(retries.length).toBeGreaterThan(0);
    expect(retries[0]).toMatchObject({ revision: 'b00000000002', attempt: 1, retries: 5 });
    // Each timed-out attempt left an honest 'failed' history row, then one 'applied'.
    const history = (await readHistory(conn, tables, 'b00000000002')).map((h) => h.outcome);
    expect(history.at(-1)).toBe('applied');
    expect(history.filter((h) => h === 'failed').length).toBe(retries.length);
  });

  it('gives up after the retries with the 55P03 failure, the revision rolled back', async () => {
    const { project, conn } = await setup();
    const events: RunEvent[] = [];
    const error = await runMigration(conn, project.map, tables, {
      plan: (a) => planUpgrade(project.map, a, 'heads'),
      guard: { lockTimeout: '100ms', retries: 2, backoffMs: 20 },
      onEvent: (e) => events.push(e),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatementFailedError);
    expect(sqlStateOf(error)).toBe('55P03');
    expect((error as StatementFailedError).rolledBack).toBe(true);
    expect(events.filter((e) => e.type === 'lock-retry')).toHaveLength(2);
    expect(await readVersionRows(conn, tables)).toEqual(['a00000000001']);
  });
});

describe('findConcurrentLeftovers', () => {
  let db: TestDatabase;
  afterEach(async () => {
    await db?.drop();
  });

  it('finds an invalid index and a detach-pending partition, and offers (never runs) the cleanup', async () => {
    db = await createPostgresDatabase();
    const a = new pg.Client({ connectionString: db.url });
    const b = new pg.Client({ connectionString: db.url });
    await a.connect();
    await b.connect();
    const conn = await connect(parseDatabaseUrl(db.url, '/'));
    try {
      await a.query('CREATE TABLE dup (v int); INSERT INTO dup VALUES (1), (1)');
      await a.query('CREATE UNIQUE INDEX CONCURRENTLY dup_v_key ON dup (v)').catch(() => {});
      await a.query(
        'CREATE TABLE m (k int) PARTITION BY RANGE (k); CREATE TABLE m1 PARTITION OF m FOR VALUES FROM (0) TO (10)',
      );
      // A reader keeps an old snapshot; DETACH … CONCURRENTLY waits for it in its second
      // transaction and is cancelled there, leaving the partition detach-pending.
      await b.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await b.query('SELECT count(*) FROM m');
      const aPid = (await a.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      const detaching = a.query('ALTER TABLE m DETACH PARTITION m1 CONCURRENTLY').catch((e: unknown) => e);
      const watcher = new pg.Client({ connectionString: db.url });
      await watcher.connect();
      for (let i = 0; i < 50; i++) {
        const waiting = await watcher.query('SELECT 1 FROM pg_inherits WHERE inhdetachpending');
        if (waiting.rows.length > 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await watcher.query('SELECT pg_cancel_backend($1)', [aPid]);
      await watcher.end();
      await detaching;
      await b.query('ROLLBACK');
      const leftovers = await findConcurrentLeftovers(conn);
      expect(leftovers.map((l) => [l.kind, l.relation, l.table])).toEqual([
        ['invalid-index', 'dup_v_key', 'dup'],
        ['detach-pending', 'm1', 'm'],
      ]);
      expect(leftovers[0]?.cleanup).toEqual([
        'DROP INDEX CONCURRENTLY IF EXISTS dup_v_key;',
        'CREATE UNIQUE INDEX CONCURRENTLY dup_v_key ON public.dup USING btree (v);',
      ]);
      expect(leftovers[1]?.cleanup).toEqual(['ALTER TABLE m DETACH PARTITION m1 FINALIZE;']);
      // Offered, not run: still there.
      expect(await findConcurrentLeftovers(conn)).toHaveLength(2);
      // And the offered SQL works.
      await a.query('DELETE FROM dup WHERE ctid = (SELECT max(ctid) FROM dup)');
      for (const l of leftovers) for (const sql of l.cleanup) await a.query(sql);
      expect(await findConcurrentLeftovers(conn)).toEqual([]);
    } finally {
      await conn.close();
      await a.end();
      await b.end();
    }
  });
});

// The runner on real databases: one suite, run for a SQLite file and for PostgreSQL.
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase, type DialectName, type TestDatabase } from '../../../test/support/databases.ts';
import { chain, writeProject, type RevisionSpec } from '../../../test/support/projects.ts';
import type { Connection } from '../dialects/dialect.ts';
import { connect, parseDatabaseUrl } from '../dialects/registry.ts';
import { readHistory, readVersionRows } from '../dialects/strata-tables.ts';
import { appliedFromRows, planDowngrade, planUpgrade } from '../graph/plan.ts';
import { loadProject, type Project } from '../project/project.ts';
import { checksumMismatches } from './checks.ts';
import { PlanRejectedError, RunCancelledError, StatementFailedError } from './errors.ts';
import { runMigration, type RunEvent } from './runner.ts';
import { stamp } from './stamp.ts';
import { revisionText } from '../../../shared/model/revision-text.ts';
import { readFileSync, writeFileSync } from 'node:fs';

const tables = { version: 'strata_version', history: 'strata_history' };

async function userTables(conn: Connection, dialect: DialectName): Promise<string[]> {
  const sql =
    dialect === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name " +
        "NOT LIKE 'strata_%' AND name NOT LIKE 'sqlite_%' ORDER BY name"
      : 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema ' +
        "= 'public' AND table_name NOT LIKE 'strata_%' ORDER BY table_name";
  return (await conn.query<{ name: string }>(sql)).map((r) => r.name);
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`runner on ${dialect}`, () => {
    let db: TestDatabase;
    let conn: Connection | undefined;
    afterEach(async () => {
      await conn?.close();
      conn = undefined;
      await db?.drop();
    });

    async function setup(revisions: readonly RevisionSpec[]): Promise<{ project: Project; conn: Connection }> {
      db = await createDatabase(dialect);
      const project = loadProject(writeProject(dialect, revisions));
      conn = await connect(parseDatabaseUrl(db.url, '/'));
      return { project, conn };
    }

    const up = (
      project: Project,
      c: Connection,
      target: string,
      extra: { singleTransaction?: boolean; onEvent?: (e: RunEvent) => void; signal?: AbortSignal } = {},
    ) => runMigration(c, project.map, tables, { plan: (a) => planUpgrade(project.map, a, target), ...extra });
    const down = (project: Project, c: Connection, target: string) =>
      runMigration(c, project.map, tables, { plan: (a) => planDowngrade(project.map, a, target) });

    it('upgrades, records one history row per step, and downgrades back to an empty schema', async () => {
      const { project, conn } = await setup(chain(5));
      const result = await up(project, conn, 'head');
      expect(result.applied).toBe(5);
      expect(await readVersionRows(conn, tables)).toEqual(['c00000000004']);
      expect(await userTables(conn, dialect)).toEqual(['t0', 't1', 't2', 't3', 't4']);
      const history = await readHistory(conn, tables);
      expect(history.map((h) => [h.revision, h.direction, h.outcome])).toEqual(
        chain(5).map((r) => [r.id, 'upgrade', 'applied']),
      );
      expect(history[0]?.checksum).toBe(project.map.get(project.map.order[0]!).checksum);
      expect(history[0]?.toolVersion).toBe('0.1.0');
      // One run, one id on all its rows: what the studio reads back as the last run.
      expect(new Set(history.map((h) => h.runId)).size).toBe(1);
      expect(history[0]?.runId).toMatch(/^[0-9a-f-]{36}$/);
      // What was applied, to diff a file edited later against.
      const first = project.map.get(project.map.order[0]!);
      expect(history[0]?.appliedSql).toBe(revisionText(first.upgradeSql, first.downgradeSql));
      await down(project, conn, '-2');
      const downRows = (await readHistory(conn, tables)).slice(5);
      expect(downRows.map((h) => h.direction)).toEqual(['downgrade', 'downgrade']);
      expect(new Set(downRows.map((h) => h.runId)).size).toBe(1);
      expect(downRows.map((h) => h.appliedSql)).toEqual([null, null]);
      expect(downRows[0]?.runId).not.toBe(history[0]?.runId);
      expect(await readVersionRows(conn, tables)).toEqual(['c00000000002']);
      await down(project, conn, 'base');
      expect(await readVersionRows(conn, tables)).toEqual([]);
      expect(await userTables(conn, dialect)).toEqual([]);
      expect((await up(project, conn, 'head')).applied).toBe(5);
    });

    it(
      'a failing statement in revision k of n rolls back that ' + 'revision only and names file, line and statement',
      async () => {
        const revisions = chain(4);
        const broken = {
          ...revisions[2]!,
          up: 'CREATE TABLE t2 (id INTEGER PRIMARY KEY);\n\nINSERT INTO no_such_table VALUES (1);\n',
        };
        const { project, conn } = await setup([revisions[0]!, revisions[1]!, broken, revisions[3]!]);
        const error = await up(project, conn, 'head').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StatementFailedError);
        const failed = error as StatementFailedError;
        expect(failed.revision).toBe('c00000000002');
        expect(failed.statement).toBe('INSERT INTO no_such_table VALUES (1)');
        // Header lines, blank line, marker, then the statement two lines below the CREATE.
        const rev = project.map.get(failed.revision);
        expect(failed.line).toBe(rev.upgradeLine + 2);
        expect(failed.file).toBe(rev.file);
        expect(failed.message).toMatch(/no_such_table/);
        expect(failed.rolledBack).toBe(true);
        expect(await readVersionRows(conn, tables)).toEqual(['c00000000001']);
        expect(await userTables(conn, dialect)).toEqual(['t0', 't1']);
        const history = await readHistory(conn, tables);
        expect(history.at(-1)).toMatchObject({ revision: 'c00000000002', outcome: 'failed' });
      },
    );

    it('--single-transaction rolls back the whole run on failure', async () => {
      const revisions = chain(3);
      const broken = { ...revisions[2]!, up: 'SELECT * FROM no_such_table;\n' };
      const { project, conn } = await setup([revisions[0]!, revisions[1]!, broken]);
      await expect(up(project, conn, 'head', { singleTransaction: true })).rejects.toBeInstanceOf(StatementFailedError);
      expect(await readVersionRows(conn, tables)).toEqual([]);
      expect(await userTables(conn, dialect)).toEqual([]);
    });

    it('--single-transaction refuses a transactional false revision before running anything', async () => {
      const revisions = chain(2);
      const { project, conn } = await setup([revisions[0]!, { ...revisions[1]!, transactional: false }]);
      await expect(up(project, conn, 'head', { singleTransaction: true })).rejects.toBeInstanceOf(PlanRejectedError);
      expect(await userTables(conn, dialect)).toEqual([]);
    });

    it('runs a transactional false revision outside a transaction and records it on success', async () => {
      const nonTx: RevisionSpec =
        dialect === 'postgres'
          ? {
              id: 'ntx000000001',
              parents: ['c00000000000'],
              transactional: false,
              up: 'CREATE INDEX CONCURRENTLY t0_v ON t0 (v);\n',
              down: 'DROP INDEX CONCURRENTLY t0_v;\n',
            }
          : {
              id: 'ntx000000001',
              parents: ['c00000000000'],
              transactional: false,
              up: 'CREATE INDEX t0_v ON t0 (v);\nVACUUM;\n',
              down: 'DROP INDEX t0_v;\n',
            };
      const { project, conn } = await setup([chain(1)[0]!, nonTx]);
      await up(project, conn, 'head');
      expect(await readVersionRows(conn, tables)).toEqual(['ntx000000001']);
      await down(project, conn, 'base');
      expect(await readVersionRows(conn, tables)).toEqual([]);
    });

    it('refuses a revision that opens or commits its own transaction', async () => {
      const { project, conn } = await setup([
        { id: 'a00000000001', up: 'CREATE TABLE a (id INTEGER);\nCOMMIT;\n', down: 'DROP TABLE a;\n' },
      ]);
      await expect(up(project, conn, 'head')).rejects.toThrow(/COMMIT.*Strata opens and commits/);
    });

    it('refuses to downgrade a revision without a downgrade section', async () => {
      const { project, conn } = await setup([
        { id: 'a00000000001', up: 'CREATE TABLE a (id INTEGER);\n', down: undefined },
      ]);
      await up(project, conn, 'head');
      await expect(down(project, conn, 'base')).rejects.toThrow(/no '-- strata:downgrade' section/);
      expect(await readVersionRows(conn, tables)).toEqual(['a00000000001']);
    });

    it('keeps one version row per branch head, merges them, and downgrades one branch alone', async () => {
      const revisions: RevisionSpec[] = [
        { id: 'base00000001', up: 'CREATE TABLE base (id INTEGER);\n', down: 'DROP TABLE base;\n' },
        {
          id: 'main00000001',
          parents: ['base00000001'],
          up: 'CREATE TABLE m1 (id INTEGER);\n',
          down: 'DROP TABLE m1;\n',
        },
        {
          id: 'bill00000001',
          parents: ['base00000001'],
          labels: ['billing'],
          up: 'CREATE TABLE b1 (id INTEGER);\n',
          down: 'DROP TABLE b1;\n',
        },
        {
          id: 'bill00000002',
          parents: ['bill00000001'],
          up: 'CREATE TABLE b2 (id INTEGER);\n',
          down: 'DROP TABLE b2;\n',
        },
      ];
      const { project, conn } = await setup(revisions);
      await up(project, conn, 'heads');
      expect(await readVersionRows(conn, tables)).toEqual(['bill00000002', 'main00000001']);
      await down(project, conn, 'billing@-1');
      expect(await readVersionRows(conn, tables)).toEqual(['bill00000001', 'main00000001']);
      await down(project, conn, 'billing@base');
      expect(await readVersionRows(conn, tables)).toEqual(['main00000001']);
      expect(await userTables(conn, dialect)).toEqual(['base', 'm1']);
    });

    it('stamps without running SQL, and --purge clears rows naming unknown revisions', async () => {
      const { project, conn } = await setup(chain(3));
      await stamp(conn, project.map, tables, 'c00000000001', false);
      expect(await readVersionRows(conn, tables)).toEqual(['c00000000001']);
      expect(await userTables(conn, dialect)).toEqual([]);
      await conn.execute("INSERT INTO strata_version (version_num) VALUES ('deadbeef0000')");
      await expect(readVersionRows(conn, tables).then((rows) => appliedFromRows(project.map, rows))).rejects.toThrow(
        /deadbeef0000.*stamp TARGET --purge/,
      );
      await expect(stamp(conn, project.map, tables, 'head', false)).rejects.toThrow(/deadbeef0000/);
      expect(await readVersionRows(conn, tables)).toEqual(['c00000000001', 'deadbeef0000']);
      await stamp(conn, project.map, tables, 'head', true);
      expect(await readVersionRows(conn, tables)).toEqual(['c00000000002']);
    });

    it('reports an applied revision whose file changed afterwards', async () => {
      const { project, conn } = await setup(chain(2));
      await up(project, conn, 'head');
      const first = project.map.get(project.map.order[0]!);
      const file = `${project.versionsDir}/${first.id}_rev.sql`;
      writeFileSync(file, readFileSync(file, 'utf8').replace("'x'", "'y'"));
      const reloaded = loadProject(project.dir);
      const mismatches = checksumMismatches(
        reloaded.map,
        appliedFromRows(reloaded.map, await readVersionRows(conn, tables)),
        await readHistory(conn, tables),
      );
      expect(mismatches.map((m) => m.revision)).toEqual([first.id]);
    });

    it('streams plan, step and statement events with durations', async () => {
      const { project, conn } = await setup(chain(2));
      const events: RunEvent[] = [];
      await up(project, conn, 'head', { onEvent: (e) => events.push(e) });
      expect(events.map((e) => e.type)).toEqual([
        'plan',
        'step-start',
        'statement-start',
        'statement-end',
        'statement-start',
        'statement-end',
        'step-end',
        'step-start',
        'statement-start',
        'statement-end',
        'statement-start',
        'statement-end',
        'step-end',
        'done',
      ]);
      const end = events.find((e) => e.type === 'statement-end');
      expect(end && end.type === 'statement-end' && end.durationMs).toBeGreaterThanOrEqual(0);
    });

    it('stops between revisions when cancelled and leaves the finished ones applied', async () => {
      const { project, conn } = await setup(chain(4));
      const controller = new AbortController();
      const error = await up(project, conn, 'head', {
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === 'step-end' && e.index === 1) controller.abort();
        },
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RunCancelledError);
      expect(await readVersionRows(conn, tables)).toEqual(['c00000000001']);
      expect(await userTables(conn, dialect)).toEqual(['t0', 't1']);
    });
  });
}

describe('runner on postgres only', () => {
  it('cancels a long statement in flight (pg_sleep) and rolls its revision back', async () => {
    const db = await createDatabase('postgres');
    const project = loadProject(
      writeProject('postgres', [
        { id: 'a00000000001', up: 'CREATE TABLE a (id int);\n', down: 'DROP TABLE a;\n' },
        {
          id: 'a00000000002',
          parents: ['a00000000001'],
          up: 'CREATE TABLE b (id int);\nSELECT pg_sleep(30);\n',
          down: 'DROP TABLE b;\n',
        },
      ]),
    );
    const conn = await connect(parseDatabaseUrl(db.url, '/'));
    try {
      const controller = new AbortController();
      const started = Date.now();
      const run = runMigration(conn, project.map, tables, {
        plan: (a) => planUpgrade(project.map, a, 'head'),
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === 'statement-start' && e.sql.includes('pg_sleep')) setTimeout(() => controller.abort(), 200);
        },
      });
      const error = await run.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RunCancelledError);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(await readVersionRows(conn, tables)).toEqual(['a00000000001']);
      expect(await conn.query("SELECT to_regclass('b') AS b")).toEqual([{ b: null }]);
      const history = await readHistory(conn, tables);
      expect(history.at(-1)).toMatchObject({ revision: 'a00000000002', outcome: 'cancelled' });
    } finally {
      await conn.close();
      await db.drop();
    }
  });

  /** A connection that records each round trip: one per execute, one per pipelined batch. */
  function recording(conn: Connection): { conn: Connection; trips: string[][] } {
    const trips: string[][] = [];
    const wrapped: Connection = Object.assign(Object.create(conn) as Connection, {
      execute: (sql: string) => {
        trips.push([sql]);
        return conn.execute(sql);
      },
      executePipelined: (statements: readonly string[], completed: (index: number) => void) => {
        trips.push([...statements]);
        return conn.executePipelined!(statements, completed);
      },
    });
    return { conn: wrapped, trips };
  }

  /** The round trips between the plan and the end of the run. */
  function runTrips(trips: string[][]): { onEvent: (e: RunEvent) => void; taken: () => string[][] } {
    let first = -1;
    let last = -1;
    return {
      onEvent: (e) => {
        if (e.type === 'plan') first = trips.length;
        if (e.type === 'done') last = trips.length;
      },
      taken: () => trips.slice(first, last),
    };
  }

  it(
    'sends a revision in one round trip: BEGIN, its statements, ' + 'the version and history rows and COMMIT pipelined',
    async () => {
      const db = await createDatabase('postgres');
      const project = loadProject(
        writeProject('postgres', [
          {
            id: 'a00000000001',
            up: 'CREATE TABLE a (id int);\nCREATE INDEX a_id ON a (id);\nINSERT INTO a VALUES (1);\n',
            down: 'DROP TABLE a;\n',
          },
          { id: 'a00000000002', parents: ['a00000000001'], up: '', down: '' },
          { id: 'a00000000003', parents: ['a00000000002'], up: 'CREATE TABLE c (id int);\n', down: 'DROP TABLE c;\n' },
          // Fails in its second statement: the first ran, the third was sent and did nothing.
          {
            id: 'a00000000004',
            parents: ['a00000000003'],
            up: 'CREATE TABLE d (id int);\nINSERT INTO no_such_table VALUES (1);\nCREATE TABLE e (id int);\n',
            down: '',
          },
        ]),
      );
      const conn = await connect(parseDatabaseUrl(db.url, '/'));
      const { conn: counting, trips } = recording(conn);
      try {
        const events: RunEvent[] = [];
        const run = (target: string) => {
          const window = runTrips(trips);
          const promise = runMigration(counting, project.map, tables, {
            plan: (a) => planUpgrade(project.map, a, target),
            onEvent: (e) => (events.push(e), window.onEvent(e)),
          });
          return { promise, window };
        };
        const first = run('a00000000003');
        await first.promise;
        const taken = first.window.taken();
        expect(taken.map((t) => t.length)).toEqual([5, 1, 3]);
        expect(taken[0]!.slice(0, 4)).toEqual([
          'BEGIN',
          'CREATE TABLE a (id int)',
          'CREATE INDEX a_id ON a (id)',
          'INSERT INTO a VALUES (1)',
        ]);
        expect(taken[0]![4]).toMatch(/^INSERT INTO "strata_version".*;\nINSERT INTO "strata_history".*;\nCOMMIT$/s);
        // An empty revision: BEGIN travels with its bookkeeping.
        expect(taken[1]![0]).toMatch(/^BEGIN;\nUPDATE "strata_version".*COMMIT$/s);
        expect(taken[2]![2]).toMatch(/^UPDATE "strata_version".*;\nINSERT INTO "strata_history".*;\nCOMMIT$/s);
        // The history rows carry the revisions' durations, as the server timed them.
        const applied = await readHistory(conn, tables);
        expect(applied.map((h) => [h.revision, h.outcome])).toEqual([
          ['a00000000001', 'applied'],
          ['a00000000002', 'applied'],
          ['a00000000003', 'applied'],
        ]);
        expect(
          applied.every((h) => typeof h.durationMs === 'number' && h.durationMs >= 0 && h.durationMs < 60_000),
        ).toBe(true);
        // Per-statement events still arrive, each with its own duration.
        const ends = events.filter(
          (e): e is Extract<RunEvent, { type: 'statement-end' }> =>
            e.type === 'statement-end' && e.revision === 'a00000000001',
        );
        expect(ends.map((e) => e.index)).toEqual([0, 1, 2]);
        expect(ends.every((e) => e.durationMs >= 0)).toBe(true);
        const error = await run('head').promise.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StatementFailedError);
        expect((error as StatementFailedError).statement).toBe('INSERT INTO no_such_table VALUES (1)');
        expect((error as StatementFailedError).line).toBe(project.map.get('a00000000004' as never).upgradeLine + 1);
        expect(trips.some((t) => t[0] === 'ROLLBACK')).toBe(true);
        // The failed revision's bookkeeping went out with it and did nothing: no version row moved,
        // and its history says failed, not applied.
        expect(await readVersionRows(conn, tables)).toEqual(['a00000000003']);
        expect(
          (await readHistory(conn, tables)).filter((h) => h.revision === 'a00000000004').map((h) => h.outcome),
        ).toEqual(['failed']);
        expect(await conn.query("SELECT to_regclass('d') AS d, to_regclass('e') AS e")).toEqual([{ d: null, e: null }]);
        // The session is usable afterwards: not left inside the failed transaction.
        expect(await conn.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      } finally {
        await conn.close();
        await db.drop();
      }
    },
  );

  it(
    '--single-transaction sends each revision in one round trip and ' + 'the history rows with the final version rows',
    async () => {
      const db = await createDatabase('postgres');
      const project = loadProject(writeProject('postgres', chain(4)));
      const conn = await connect(parseDatabaseUrl(db.url, '/'));
      const { conn: counting, trips } = recording(conn);
      try {
        const window = runTrips(trips);
        await runMigration(counting, project.map, tables, {
          plan: (a) => planUpgrade(project.map, a, 'head'),
          singleTransaction: true,
          onEvent: window.onEvent,
        });
        const taken = window.taken();
        // chain(): two statements a revision, then every version and history row with COMMIT.
        expect(taken.map((t) => t.length)).toEqual([2, 2, 2, 2, 1]);
        expect(taken.at(-1)![0]).toMatch(
          /^INSERT INTO "strata_version".*(INSERT INTO "strata_history".*){4};\nCOMMIT$/s,
        );
        expect(await readVersionRows(conn, tables)).toEqual(['c00000000003']);
        const history = await readHistory(conn, tables);
        expect(history.map((h) => [h.revision, h.outcome])).toEqual(chain(4).map((r) => [r.id, 'applied']));
      } finally {
        await conn.close();
        await db.drop();
      }
    },
  );

  it('applies lock_timeout and statement_timeout to the run', async () => {
    const db = await createDatabase('postgres');
    const project = loadProject(
      writeProject('postgres', [{ id: 'a00000000001', up: 'SELECT pg_sleep(5);\n', down: '' }]),
    );
    const conn = await connect(parseDatabaseUrl(db.url, '/'));
    try {
      const error = await runMigration(conn, project.map, tables, {
        plan: (a) => planUpgrade(project.map, a, 'head'),
        settings: { statementTimeout: '200ms', lockTimeout: '1s' },
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StatementFailedError);
      expect((error as Error).message).toMatch(/statement timeout/);
      expect(await conn.query('SHOW lock_timeout')).toEqual([{ lock_timeout: '1s' }]);
    } finally {
      await conn.close();
      await db.drop();
    }
  });
});

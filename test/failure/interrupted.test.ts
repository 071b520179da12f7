// Reliability promise for `transactional false` revisions, which no transaction can make
// atomic: one cut off half way is recorded as started before its first statement runs, and
// from then on the next run, `stamp`, `current` and `check` name it and what it left, nothing
// runs over it, and each way out (mark applied, roll the leftovers back, run again) leads to
// the schema the revisions describe. Checked in process at every call the revision makes,
// and with real strata processes killed (SIGKILL) inside its statements, on both dialects.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exit-codes.ts';
import type { Connection } from '../../electron/engine/dialects/dialect.ts';
import { connect, parseDatabaseUrl } from '../../electron/engine/dialects/registry.ts';
import { readVersionRows } from '../../electron/engine/dialects/strata-tables.ts';
import { planUpgrade, type Applied } from '../../electron/engine/graph/plan.ts';
import { loadProject, type Project } from '../../electron/engine/project/project.ts';
import { InterruptedRunError } from '../../electron/engine/runner/errors.ts';
import { findInterrupted, type InterruptedRun } from '../../electron/engine/runner/interrupted/report.ts';
import { resolveInterrupted, type ResolveAction } from '../../electron/engine/runner/interrupted/resolve.ts';
import { runMigration } from '../../electron/engine/runner/runner.ts';
import { stamp } from '../../electron/engine/runner/stamp.ts';
import type { InterruptedRunInfo } from '../../shared/api/run.ts';
import { asRevisionId } from '../../shared/model/revision.ts';
import type { DialectName } from '../support/databases.ts';
import type { RevisionSpec } from '../support/projects.ts';
import {
  databasePerTest,
  PausableConnection,
  REPO_DIR,
  sleep,
  spawnStrata,
  TABLES,
  tempProject,
  waitForOtherSessionsToEnd,
} from './harness.ts';

const BASE = 'a00000000000';
const NT = 'b00000000000';
const AFTER = 'c00000000000';

/** base → a three-statement transactional false revision → after. */
function project(dialect: DialectName, rows: number, slow = false): RevisionSpec[] {
  // slow_key sleeps a millisecond a row: statements that last (an insert, an index build), so
  // that a kill lands inside them and the server is still at work when its client is gone.
  const key = (v: string): string => (slow ? `slow_key(${v})` : v);
  const fill =
    dialect === 'sqlite'
      ? `INSERT INTO nt_items (id, v) WITH RECURSIVE n(x) ` +
        `AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < ${rows}) SELECT x, hex(randomblob(16)) FROM n;`
      : `INSERT INTO nt_items (id, v) SELECT g, ${key('md5(g::text)')} FROM generate_series(1, ${rows}) AS g;`;
  const index =
    dialect === 'postgres'
      ? `CREATE INDEX CONCURRENTLY nt_items_v ON nt_items (${key('v')});`
      : 'CREATE INDEX nt_items_v ON nt_items (v);';
  const slowKey =
    dialect === 'postgres'
      ? '\nCREATE FUNCTION slow_key(t text) RETURNS text IMMUTABLE LANGUAGE plpgsql AS $$ BEGIN ' +
        'PERFORM pg_sleep(0.001); RETURN t; END $$;'
      : '';
  return [
    {
      id: BASE,
      message: 'base',
      up: `CREATE TABLE base_t (id INTEGER PRIMARY KEY);${slowKey}\n`,
      down: 'DROP TABLE base_t;\n',
    },
    {
      id: NT,
      parents: [BASE],
      message: 'items, indexed without blocking writers',
      transactional: false,
      up: `CREATE TABLE nt_items (id INTEGER NOT NULL, v TEXT NOT NULL);\n${fill}\n${index}\n`,
      down: 'DROP TABLE nt_items;\n',
    },
    {
      id: AFTER,
      parents: [NT],
      message: 'after',
      up: 'CREATE TABLE after_t (id INTEGER PRIMARY KEY);\n',
      down: 'DROP TABLE after_t;\n',
    },
  ];
}

interface Shape {
  readonly rows: readonly string[];
  readonly items: number | null;
  readonly index: boolean;
  readonly after: boolean;
}

async function shape(url: string): Promise<Shape> {
  const conn = await connect(parseDatabaseUrl(url, REPO_DIR));
  try {
    const [items, index, after] = await conn.inspectObjects([
      { kind: 'table', schema: null, name: 'nt_items' },
      { kind: 'index', schema: null, name: 'nt_items_v', table: { schema: null, name: 'nt_items' } },
      { kind: 'table', schema: null, name: 'after_t' },
    ]);
    const count = items?.exists
      ? Number((await conn.query<{ n: number | string }>('SELECT count(*) AS n FROM nt_items'))[0]?.n)
      : null;
    return {
      rows: await readVersionRows(conn, TABLES),
      items: count,
      index: index?.exists === true && index.valid !== false,
      after: after?.exists === true,
    };
  } finally {
    await conn.close();
  }
}

/** Each of the three upgrade paths out, for the advice the report gives. */
function actionsFor(run: InterruptedRun | InterruptedRunInfo): ResolveAction[] {
  if (run.advice === 'mark-applied') return ['mark-applied'];
  if (run.advice === 'rerun') return ['rerun'];
  return run.rollback.length > 0 ? ['rollback'] : ['rerun'];
}

async function terminate(url: string, pid: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_terminate_backend($1)', [pid]);
  } finally {
    await client.end();
  }
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`a transactional false revision cut off at every call on ${dialect}`, () => {
    const databases = databasePerTest(dialect);

    it(
      'is reported, blocks every run and stamp, and each way out ends at the full schema',
      { timeout: 180_000 },
      async () => {
        const dir = tempProject(dialect, project(dialect, 50));
        const p: Project = loadProject(dir);
        const toHeads = { plan: (applied: Applied) => planUpgrade(p.map, applied, 'heads') };
        const seen = new Set<string>();
        for (let j = 0; ; j++) {
          const db = await databases.create();
          const setup = await connect(parseDatabaseUrl(db.url, REPO_DIR));
          await runMigration(setup, p.map, TABLES, { plan: (applied) => planUpgrade(p.map, applied, BASE) });
          await setup.close();

          // Hold the j-th call the transactional false step makes, and cut the runner off there.
          const conn = new PausableConnection(await connect(parseDatabaseUrl(db.url, REPO_DIR)));
          const pid =
            dialect === 'postgres'
              ? Number((await conn.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]?.pid)
              : 0;
          let statementsEnded = 0;
          let stepEnded = false;
          const run = runMigration(conn, p.map, TABLES, {
            plan: (applied) => planUpgrade(p.map, applied, NT),
            onEvent: (e) => {
              if (e.type === 'step-start') conn.holdAfter(j);
              if (e.type === 'statement-end') statementsEnded++;
              if (e.type === 'step-end') stepEnded = true;
            },
          });
          const held = await Promise.race([conn.held, run.then(() => undefined)]);
          if (held === undefined) {
            // j is past the step's last call: every cut point has been tried.
            expect(stepEnded).toBe(true);
            break;
          }
          seen.add(held.split(/\s/)[0] ?? held);
          if (dialect === 'postgres') await terminate(db.url, pid);
          await conn.close();
          conn.release();
          await run.catch(() => {});
          if (dialect === 'postgres') await waitForOtherSessionsToEnd(db.url);

          const context = `cut before call ${j}: ${held.slice(0, 80)}`;
          const inspector = await connect(parseDatabaseUrl(db.url, REPO_DIR));
          try {
            const before = await shape(db.url);
            const open = await findInterrupted(inspector, p.map, TABLES);
            if (open.length === 0) {
              // Cut before the 'started' row was committed: nothing of the revision ran.
              expect(before, context).toEqual({ rows: [BASE], items: null, index: false, after: false });
            } else {
              expect(
                open.map((r) => [r.revision, r.direction]),
                context,
              ).toEqual([[NT, 'upgrade']]);
              const report = open[0] as InterruptedRun;
              expect(report.progress?.total, context).toBe(3);
              // The count lags the statements by at most the one whose count was being written.
              expect(statementsEnded - (report.progress?.done ?? 0), context).toBeGreaterThanOrEqual(0);
              expect(statementsEnded - (report.progress?.done ?? 0), context).toBeLessThanOrEqual(1);
              expect(report.holder, context).toBeUndefined();
              expect(report.statements.map((s) => s.status).filter((s) => s === 'done').length, context).toBe(
                report.progress?.done,
              );

              // Nothing runs over it: not an upgrade, not a stamp; the database stays as it is.
              await expect(runMigration(inspector, p.map, TABLES, toHeads), context).rejects.toBeInstanceOf(
                InterruptedRunError,
              );
              await expect(stamp(inspector, p.map, TABLES, 'heads', false), context).rejects.toBeInstanceOf(
                InterruptedRunError,
              );
              expect(await shape(db.url), context).toEqual(before);

              for (const action of actionsFor(report))
                await resolveInterrupted(inspector, p.map, TABLES, asRevisionId(NT), action);
              expect(await findInterrupted(inspector, p.map, TABLES), context).toEqual([]);
            }
            await runMigration(inspector, p.map, TABLES, toHeads);
            expect(await shape(db.url), context).toEqual({ rows: [AFTER], items: 50, index: true, after: true });
          } finally {
            await inspector.close();
          }
        }
        // The cut points covered the 'started' row, each statement, each count and the bookkeeping.
        expect(seen.size, [...seen].join(', ')).toBeGreaterThanOrEqual(4);
      },
    );
  });
}

/** Polls the 'started' row until its count says `done` statements have ended. */
async function waitForProgress(url: string, done: number): Promise<void> {
  const conn: Connection = await connect(parseDatabaseUrl(url, REPO_DIR));
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const rows = await conn
        .query<{ error: string | null }>("SELECT error FROM strata_history WHERE outcome = 'started'")
        .catch(() => []);
      if (rows.some((r) => r.error?.startsWith(`progress: ${done} of`))) return;
      if (Date.now() > deadline) throw new Error(`the revision never reached ${done} statements done`);
      await sleep(5);
    }
  } finally {
    await conn.close();
  }
}

async function cli(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawnStrata(args);
  const exit = await proc.exited;
  return { code: exit.code, stdout: proc.stdout(), stderr: proc.stderr() };
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`SIGKILL inside a transactional false revision on ${dialect}`, () => {
    const databases = databasePerTest(dialect);

    // Killed while statement `during` (0-based) runs: the count says `during` are done.
    for (const during of [1, 2]) {
      it(
        `killed during statement ${during + 1} of 3: current, ` +
          `check and the next run name it; the advised way out completes the schema`,
        { timeout: 120_000 },
        async () => {
          const db = await databases.create();
          const url = db.url;
          const rows = dialect === 'sqlite' ? 400_000 : 3000;
          const dir = tempProject(dialect, project(dialect, rows, dialect === 'postgres'));
          const base = ['--project', dir, '--url', url];
          const runner = spawnStrata([...base, 'upgrade', 'heads']);
          await waitForProgress(url, during);
          await sleep(dialect === 'sqlite' ? 30 : 100);
          runner.child.kill('SIGKILL');
          expect((await runner.exited).signal).toBe('SIGKILL');

          const report = JSON.parse((await cli([...base, '--json', 'resolve'])).stdout) as {
            interrupted: InterruptedRunInfo[];
          };
          expect(report.interrupted.map((r) => r.revision)).toEqual([NT]);
          const run = report.interrupted[0] as InterruptedRunInfo;
          expect(run.progress).toMatchObject({ done: during, total: 3 });
          if (dialect === 'postgres' && during === 2) {
            // The server builds on after its client died: nothing may be decided meanwhile.
            expect(run.busy.length, JSON.stringify(run)).toBeGreaterThan(0);
            const refused = await cli([...base, 'resolve', NT, '--rollback']);
            expect(refused.code, refused.stderr).toBe(EXIT.database);
            expect(refused.stderr).toMatch(/still being worked on by server process \d+/);
          }

          // PostgreSQL: the dead client's session works on (and holds the run lock) until its
          // statement ends; what follows is about the state it leaves.
          if (dialect === 'postgres') await waitForOtherSessionsToEnd(url, 60_000);
          const current = await cli([...base, 'current']);
          expect(current.code, current.stderr).toBe(EXIT.ok);
          expect(current.stderr).toContain(`interrupted: upgrade ${NT}`);
          const check = await cli([...base, 'check']);
          expect(check.code).toBe(EXIT.checkFailed);
          expect(check.stdout).toMatch(new RegExp(`FAIL interrupted upgrade ${NT} was interrupted`));
          const before = await shape(url);
          const blocked = await cli([...base, 'upgrade', 'heads']);
          expect(blocked.code, blocked.stderr).toBe(EXIT.database);
          expect(blocked.stderr).toContain(`strata resolve ${NT}`);
          expect(blocked.stderr).not.toMatch(/^\s+at /m);

          expect(await shape(url)).toEqual(before);
          // Once nothing works on it any more, the report says what to do.
          const settled = (
            JSON.parse((await cli([...base, '--json', 'resolve', NT])).stdout) as { interrupted: InterruptedRunInfo[] }
          ).interrupted[0] as InterruptedRunInfo;
          expect(settled.busy).toEqual([]);
          if (dialect === 'postgres' && during === 2) {
            // The index the server finished is VALID: the revision did all it had to.
            expect(settled.advice).toBe('mark-applied');
          } else {
            expect(settled.advice).toBe('rollback-then-rerun');
            expect(settled.rollback).toContain('DROP TABLE IF EXISTS "nt_items"');
          }
          for (const action of actionsFor(settled)) {
            const resolved = await cli([...base, 'resolve', NT, `--${action}`]);
            expect(resolved.code, resolved.stderr).toBe(EXIT.ok);
          }
          const last = await cli([...base, 'upgrade', 'heads']);
          expect(last.code, last.stderr).toBe(EXIT.ok);
          expect(await shape(url)).toEqual({ rows: [AFTER], items: rows, index: true, after: true });
          expect((await cli([...base, 'check'])).code).toBe(EXIT.ok);
        },
      );
    }
  });
}

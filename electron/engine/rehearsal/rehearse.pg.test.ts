// Rehearsal on the embedded PostgreSQL: observed locks equal the prediction, nothing stays
// behind, a wrong prediction is reported as an analyzer bug, CONCURRENTLY is not rehearsable.
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { writeProject } from '../../../test/support/projects.ts';
import { connect, parseDatabaseUrl } from '../dialects/registry.ts';
import { readVersionRows } from '../dialects/strata-tables.ts';
import { planUpgrade } from '../graph/plan.ts';
import { loadProject } from '../project/project.ts';
import { runMigration } from '../runner/runner.ts';
import { compareStatement } from './compare.ts';
import { formatRehearsal } from './format.ts';
import { rehearse } from './rehearse.ts';

const tables = { version: 'strata_version', history: 'strata_history' };

const BASE = {
  id: 'a00000000001',
  up: `CREATE TABLE parent (id int PRIMARY KEY);
CREATE TABLE child (id int PRIMARY KEY, parent_id int, note text);
INSERT INTO parent SELECT g FROM generate_series(1, 50) g;
INSERT INTO child SELECT g, g, 'x' FROM generate_series(1, 50) g;
`,
  down: 'DROP TABLE child;\nDROP TABLE parent;\n',
};

const CHANGE = {
  id: 'b00000000002',
  parents: ['a00000000001'],
  up: `SET lock_timeout = '2s';
ALTER TABLE child ADD COLUMN flag boolean;
ALTER TABLE child ADD CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id) NOT VALID;
CREATE INDEX child_note_idx ON child (note);
ALTER TABLE child ALTER COLUMN note TYPE varchar(20);
CREATE TABLE fresh (id int);
ALTER TABLE fresh ADD COLUMN v int;
`,
  down: 'DROP TABLE fresh;\n',
};

const CONCURRENT = {
  id: 'c00000000003',
  parents: ['b00000000002'],
  transactional: false,
  up: 'CREATE INDEX CONCURRENTLY child_parent_idx ON child (parent_id);\n',
  down: 'DROP INDEX CONCURRENTLY child_parent_idx;\n',
};

const AFTER = {
  id: 'd00000000004',
  parents: ['c00000000003'],
  up: 'ALTER INDEX child_parent_idx RENAME TO child_parent_idx2;\nDELETE FROM child WHERE id = 1;\n',
  down: 'SELECT 1;\n',
};

describe('rehearse on PostgreSQL', () => {
  let db: TestDatabase;
  afterEach(async () => {
    await db?.drop();
  });

  async function prepared() {
    db = await createPostgresDatabase();
    const project = loadProject(writeProject('postgres', [BASE, CHANGE, CONCURRENT, AFTER]));
    const conn = await connect(parseDatabaseUrl(db.url, '/'));
    try {
      await runMigration(conn, project.map, tables, { plan: (a) => planUpgrade(project.map, a, BASE.id) });
      const rows = await readVersionRows(conn, tables);
      return { project, rows };
    } finally {
      await conn.close();
    }
  }

  async function state(url: string): Promise<{ tables: string[]; version: string[]; columns: string[] }> {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const t = await c.query<{ n: string }>(
        'SELECT relname AS n FROM pg_class c JOIN pg_namespace s ON ' +
          "s.oid = c.relnamespace WHERE s.nspname = 'public' ORDER BY 1",
      );
      const v = await c.query<{ v: string }>('SELECT version_num AS v FROM strata_version ORDER BY 1');
      const cols = await c.query<{ c: string }>(
        "SELECT column_name || ':' || data_type AS c FROM information_schema.columns " +
          "WHERE table_name = 'child' ORDER BY ordinal_position",
      );
      return { tables: t.rows.map((r) => r.n), version: v.rows.map((r) => r.v), columns: cols.rows.map((r) => r.c) };
    } finally {
      await c.end();
    }
  }

  it('observes the predicted locks, times each statement, and rolls everything back', async () => {
    const { project, rows } = await prepared();
    const before = await state(db.url);
    const plan = planUpgrade(project.map, new Set(rows as never), CHANGE.id);
    const result = await rehearse(db.url, project.map, plan);
    const lines = formatRehearsal(result);
    expect(result.analyzerBugs, lines.join('\n')).toEqual([]);
    expect(result.statements.map((s) => s.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    const at = (k: number) => result.statements[k]!;
    expect(at(1).observed?.locks).toEqual([{ relation: 'child', mode: 'AccessExclusiveLock', kind: 'table' }]);
    const fk = at(2)
      .observed?.locks.map((l) => `${l.relation}:${l.mode}`)
      .sort();
    expect(fk).toContain('parent:ShareRowExclusiveLock');
    // A new mode on child, although ACCESS EXCLUSIVE is held since the ADD COLUMN.
    expect(fk).toContain('child:ShareRowExclusiveLock');
    expect(at(4).observed?.rewrites).toBe(true);
    expect(at(4).predicted.rewrites).toBe(true);
    expect(at(1).observed?.rewrites).toBe(false);
    expect(result.statements.every((s) => s.durationMs !== null && s.durationMs >= 0)).toBe(true);
    expect(lines.some((l) => /predicted\s+observed/.test(l))).toBe(true);
    // Nothing persists.
    expect(await state(db.url)).toEqual(before);
  });

  it('lists CONCURRENTLY revisions as not rehearsable and reports the statements that then fail', async () => {
    const { project, rows } = await prepared();
    const plan = planUpgrade(project.map, new Set(rows as never), 'heads');
    const result = await rehearse(db.url, project.map, plan);
    const concurrent = result.statements.find((s) => s.revision === CONCURRENT.id);
    expect(concurrent?.status).toBe('not-rehearsable');
    expect(concurrent?.reason).toMatch(/transactional false/);
    const rename = result.statements.find((s) => s.revision === AFTER.id && /RENAME/.test(s.sql));
    expect(rename?.status).toBe('failed');
    expect(rename?.reason).toMatch(/not rehearsable; this one may depend on it/);
    const del = result.statements.find((s) => s.revision === AFTER.id && /DELETE/.test(s.sql));
    expect(del?.status).toBe('ok');
    expect(del?.observed?.locks.filter((l) => l.kind !== 'index')).toEqual([
      { relation: 'child', mode: 'RowExclusiveLock', kind: 'table' },
    ]);
    expect(result.notRehearsable).toBe(1);
    expect(formatRehearsal(result).join('\n')).toMatch(/not rehearsable: .*transactional false/);
  });

  it('does not call a rewrite of an empty table an analyzer bug: its new storage is as empty as the old', async () => {
    db = await createPostgresDatabase();
    const project = loadProject(
      writeProject('postgres', [
        {
          id: 'e00000000001',
          up: 'CREATE TABLE payments (id int PRIMARY KEY, amount numeric(12,2));\n',
          down: 'DROP TABLE payments;\n',
        },
        {
          id: 'e00000000002',
          parents: ['e00000000001'],
          up: 'ALTER TABLE payments ALTER COLUMN amount TYPE bigint USING (amount * 100)::bigint;\n',
          down: '',
        },
      ]),
    );
    const conn = await connect(parseDatabaseUrl(db.url, '/'));
    try {
      await runMigration(conn, project.map, tables, { plan: (a) => planUpgrade(project.map, a, 'e00000000001') });
    } finally {
      await conn.close();
    }
    const result = await rehearse(
      db.url,
      project.map,
      planUpgrade(project.map, new Set(['e00000000001'] as never), 'head'),
    );
    expect(result.analyzerBugs, formatRehearsal(result).join('\n')).toEqual([]);
    expect(result.statements[0]?.predicted.rewrites).toBe(true);
    expect(result.statements[0]?.observed?.locks.filter((l) => l.kind === 'table')).toEqual([
      { relation: 'payments', mode: 'AccessExclusiveLock', kind: 'table' },
    ]);
  });

  it('names the session whose lock a statement timed out on, and its query', async () => {
    const { project, rows } = await prepared();
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE child IN ACCESS SHARE MODE');
      const holderPid = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
      const plan = planUpgrade(project.map, new Set(rows as never), CHANGE.id);
      const result = await rehearse(db.url, project.map, plan, { lockTimeout: '1s' });
      // The revision sets its own lock_timeout (2s) first; ADD COLUMN then waits for child.
      const stuck = result.statements.find((s) => s.status === 'failed');
      expect(stuck?.code).toBe('55P03');
      expect(stuck?.reason).toMatch(/lock timeout/);
      expect(stuck?.blockedBy?.map((b) => b.pid)).toEqual([holderPid]);
      expect(stuck?.blockedBy?.[0]?.query).toMatch(/pg_backend_pid/);
      expect(formatRehearsal(result).join('\n')).toMatch(
        new RegExp(`blocked by pid ${holderPid} \\(idle in transaction`),
      );
    } finally {
      await holder.query('ROLLBACK').catch(() => {});
      await holder.end();
    }
  });

  it('reports a deliberately wrong prediction as an analyzer bug', async () => {
    const { project, rows } = await prepared();
    const plan = planUpgrade(project.map, new Set(rows as never), CHANGE.id);
    const lie: typeof compareStatement = (predicted, observed, skip) =>
      compareStatement(
        {
          ...predicted,
          locks: predicted.locks.map((l) =>
            l.relation === 'child' && l.mode === 'AccessExclusiveLock' ? { ...l, mode: 'ShareLock' as const } : l,
          ),
        },
        observed,
        skip,
      );
    const result = await rehearse(db.url, project.map, plan, { compare: lie });
    expect(result.analyzerBugs.length).toBeGreaterThan(0);
    expect(result.analyzerBugs[0]?.message).toBe('predicted SHARE on child, PostgreSQL took ACCESS EXCLUSIVE');
    expect(formatRehearsal(result).join('\n')).toMatch(/analyzer bug: .*predicted SHARE on child/);
  });
});

describe('compareStatement', () => {
  it('names missing, extra and different locks and rewrites', () => {
    const diff = compareStatement(
      {
        locks: [
          { relation: 'a', mode: 'AccessExclusiveLock', kind: 'table' },
          { relation: 'b', mode: 'ShareLock', kind: 'table' },
        ],
        rewrites: true,
      },
      {
        locks: [
          { relation: 'a', mode: 'ShareLock', kind: 'table' },
          { relation: 'c', mode: 'RowExclusiveLock', kind: 'table' },
        ],
        rewrites: false,
      },
    );
    expect(diff).toEqual([
      'predicted ACCESS EXCLUSIVE on a, PostgreSQL took SHARE',
      'predicted SHARE on b, PostgreSQL took no new lock on it',
      'PostgreSQL took ROW EXCLUSIVE on c, which the analyzer did not predict',
      'predicted a table rewrite, but no relfilenode changed',
    ]);
  });
});

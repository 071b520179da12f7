// PostgreSQL shadow databases on the embedded server: a scratch database created and dropped,
// a named shadow emptied, an embedded server when the role may not create a database; the
// schema at the heads is what the runner leaves; a broken schema file is named with its line.
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { createPostgresDatabase, pgAdminUrl } from '../../../test/support/databases.ts';
import { connect } from '../dialects/registry.ts';
import { planUpgrade } from '../graph/plan.ts';
import { loadProject } from '../project/project.ts';
import { runMigration } from '../runner/runner.ts';
import { normalizedDump } from './dump.ts';
import { introspect } from './introspect.ts';
import { openShadow, schemaAtHeads, schemaOfSql, type Shadow } from './shadow.ts';

async function adminQuery<Row extends Record<string, unknown>>(sql: string): Promise<Row[]> {
  const conn = await connect({ dialect: 'postgres', url: pgAdminUrl() });
  try {
    return await conn.query<Row>(sql);
  } finally {
    await conn.close();
  }
}

const urlOf = (shadow: Shadow) => (shadow.target.dialect === 'postgres' ? shadow.target.url : '');

describe('PostgreSQL shadow', () => {
  it('is a scratch database on the live server when the role may create one, dropped by drop()', async () => {
    const shadow = await openShadow({ dialect: 'postgres', serverUrl: pgAdminUrl() });
    const name = new URL(urlOf(shadow)).pathname.slice(1);
    expect(name).toMatch(/^strata_shadow_[0-9a-f]{12}$/);
    expect(new URL(urlOf(shadow)).port).toBe(new URL(pgAdminUrl()).port);
    const conn = await shadow.connect();
    await conn.execute('CREATE TABLE t (id int)');
    await conn.close();
    expect(await adminQuery(`SELECT 1 FROM pg_database WHERE datname = '${name}'`)).toHaveLength(1);
    await shadow.drop();
    expect(await adminQuery(`SELECT 1 FROM pg_database WHERE datname = '${name}'`)).toHaveLength(0);
  });

  it('schemaAtHeads of the PostgreSQL sample is what the runner leaves in a database', async () => {
    const project = loadProject('migrations-sample/postgres');
    const shadow = await openShadow({ dialect: 'postgres', serverUrl: pgAdminUrl() });
    const db = await createPostgresDatabase();
    try {
      const atHeads = await schemaAtHeads(project, shadow);
      const conn = await connect({ dialect: 'postgres', url: db.url });
      await runMigration(
        conn,
        project.map,
        { version: 'strata_version', history: 'strata_history' },
        { plan: (applied) => planUpgrade(project.map, applied, 'heads') },
      );
      const live = await introspect(conn);
      await conn.close();
      expect(atHeads.tables.length).toBeGreaterThan(3);
      expect(normalizedDump(atHeads)).toBe(normalizedDump(live));
    } finally {
      await shadow.drop();
      await db.drop();
    }
  });

  it('schemaOfSql names the file and the line of a failing statement', async () => {
    const shadow = await openShadow({ dialect: 'postgres', serverUrl: pgAdminUrl() });
    try {
      const sql =
        'CREATE TABLE a (id int PRIMARY KEY);\n\nCREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$\n' +
        '  SELECT 1;\n$$;\nCREATE INDEX a_x ON a (x);\n';
      await expect(schemaOfSql(shadow, sql, 'db/schema.sql')).rejects.toThrow(
        'db/schema.sql:6: column "x" does not exist',
      );
    } finally {
      await shadow.drop();
    }
  });

  it(
    'schemaOfSql runs a statement that refuses a transaction block ' + '(the file is applied in one when it can)',
    async () => {
      const shadow = await openShadow({ dialect: 'postgres', serverUrl: pgAdminUrl() });
      try {
        const schema = await schemaOfSql(
          shadow,
          'CREATE TABLE a (id int, v text);\nCREATE INDEX CONCURRENTLY a_v ON a (v);\n',
          'schema.sql',
        );
        expect(schema.tables[0]!.indexes.map((i) => i.name)).toEqual(['a_v']);
      } finally {
        await shadow.drop();
      }
    },
  );

  it('a named shadow database is emptied before and after use, and may not be the live one', async () => {
    const db = await createPostgresDatabase();
    try {
      const conn = await connect({ dialect: 'postgres', url: db.url });
      await conn.execute(
        'CREATE EXTENSION citext; CREATE TABLE ci (v citext); CREATE SCHEMA s; ' +
          "CREATE TABLE s.x (id int); CREATE TYPE e AS ENUM ('a'); CREATE TABLE y (v e); " +
          "CREATE VIEW w AS SELECT 1 AS one; CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
      );
      const shadow = await openShadow({ dialect: 'postgres', shadowUrl: db.url, serverUrl: pgAdminUrl() });
      expect(urlOf(shadow)).toBe(db.url);
      const empty = await introspect(conn);
      expect([empty.schemas, empty.tables, empty.views, empty.enums, empty.routines]).toEqual([[], [], [], [], []]);
      expect(await conn.query('SELECT extname FROM pg_extension ORDER BY 1')).toEqual([{ extname: 'plpgsql' }]);
      const schema = await schemaOfSql(shadow, 'CREATE TABLE kept (id int);', 'schema.sql');
      expect(schema.tables.map((t) => t.name)).toEqual(['kept']);
      await shadow.drop();
      expect((await introspect(conn)).tables).toEqual([]);
      await conn.close();
      await expect(openShadow({ dialect: 'postgres', shadowUrl: db.url, serverUrl: db.url })).rejects.toThrow(
        /is the live database itself/,
      );
    } finally {
      await db.drop();
    }
  });

  it('is an embedded server of its own when the role may not create a database, stopped by drop()', async () => {
    const role = `shadow_${randomBytes(4).toString('hex')}`;
    const folders = () => new Set(readdirSync(tmpdir()).filter((n) => n.startsWith('strata-shadow-pg-')));
    const before = folders();
    await adminQuery(`CREATE ROLE ${role} LOGIN PASSWORD 'pw' NOCREATEDB`);
    try {
      const serverUrl = new URL(pgAdminUrl());
      serverUrl.username = role;
      serverUrl.password = 'pw';
      const shadow = await openShadow({ dialect: 'postgres', serverUrl: serverUrl.toString() });
      expect(new URL(urlOf(shadow)).port).not.toBe(serverUrl.port);
      const schema = await schemaOfSql(shadow, 'CREATE TABLE t (id int PRIMARY KEY);', 'schema.sql');
      expect(schema.tables.map((t) => t.name)).toEqual(['t']);
      await shadow.drop();
      await expect(shadow.connect()).rejects.toThrow();
      expect([...folders()].filter((n) => !before.has(n))).toEqual([]);
    } finally {
      await adminQuery(`DROP ROLE ${role}`);
    }
  }, 120_000);
});

// SQLite shadow databases: a temporary file the runner and introspection share, removed on
// drop; the schema at the heads is what the runner leaves; a broken schema file is named
// with its line.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect } from '../dialects/registry.ts';
import { planUpgrade } from '../graph/plan.ts';
import { loadProject } from '../project/project.ts';
import { runMigration } from '../runner/runner.ts';
import { normalizedDump } from './dump.ts';
import { introspect } from './introspect.ts';
import { openShadow, schemaAtHeads, schemaOfSql } from './shadow.ts';

describe('SQLite shadow', () => {
  it('is a file every connection sees, removed on drop', async () => {
    const shadow = await openShadow({ dialect: 'sqlite' });
    expect(shadow.target.dialect).toBe('sqlite');
    const path = shadow.target.dialect === 'sqlite' ? shadow.target.path : '';
    const first = await shadow.connect();
    await first.execute('CREATE TABLE t (id int)');
    await first.close();
    const second = await shadow.connect();
    expect(await second.tableExists('t')).toBe(true);
    await second.close();
    await shadow.drop();
    await shadow.drop();
    expect(existsSync(dirname(path))).toBe(false);
  });

  it('schemaAtHeads of the sample project is what the runner leaves in a database', async () => {
    const project = loadProject('migrations-sample');
    const shadow = await openShadow({ dialect: 'sqlite' });
    const dir = mkdtempSync(join(tmpdir(), 'strata-heads-'));
    try {
      const atHeads = await schemaAtHeads(project, shadow);
      const conn = await connect({ dialect: 'sqlite', path: join(dir, 'live.sqlite') });
      await runMigration(
        conn,
        project.map,
        { version: 'strata_version', history: 'strata_history' },
        { plan: (applied) => planUpgrade(project.map, applied, 'heads') },
      );
      const live = await introspect(conn);
      await conn.close();
      expect(normalizedDump(atHeads)).toBe(normalizedDump(live));
      expect(atHeads.tables.map((t) => t.name)).toContain('users');
      expect(atHeads.views.map((v) => v.name)).toContain('organization_overview');
      expect(atHeads.tables.some((t) => t.name.startsWith('strata_'))).toBe(false);
    } finally {
      await shadow.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('schemaOfSql applies a file and introspects it; a failure names the file and the line', async () => {
    const shadow = await openShadow({ dialect: 'sqlite' });
    try {
      const schema = await schemaOfSql(
        shadow,
        'CREATE TABLE a (id integer PRIMARY KEY);\nCREATE INDEX a_id ON a (id);\n',
        'schema.sql',
      );
      expect(schema.tables.map((t) => [t.name, t.indexes.map((i) => i.name)])).toEqual([['a', ['a_id']]]);
    } finally {
      await shadow.drop();
    }
    const broken = await openShadow({ dialect: 'sqlite' });
    try {
      const sql =
        '-- target\nCREATE TABLE a (id int);\n\nCREATE TABLE b (\n  id int,\n' +
        '  a_id int REFERENCES a\n);\nCREATE INDEX nope ON missing (x);\n';
      await expect(schemaOfSql(broken, sql, '/p/schema.sql')).rejects.toThrow(
        /^\/p\/schema\.sql:8: no such table: main\.missing$/,
      );
    } finally {
      await broken.drop();
    }
  });
});

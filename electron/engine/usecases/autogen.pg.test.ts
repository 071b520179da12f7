// Autogenerate against a live PostgreSQL database: the shadow built from schema.sql on the
// same server is dropped before the answer comes back (its DROP DATABASE runs beside the diff,
// rendering and lint, not after them), when schema.sql is refused as well as when it is not.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresDatabase, pgAdminUrl, type TestDatabase } from '../../../test/support/databases.ts';
import { writeProject } from '../../../test/support/projects.ts';
import { openSession } from '../dialects/postgres/sessions.ts';
import { loadProject } from '../project/project.ts';
import { autogenerate } from './autogen.ts';
import { databaseAt } from './database.ts';

async function shadowDatabases(): Promise<string[]> {
  const session = await openSession(pgAdminUrl());
  try {
    const rows = await session.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'strata\\_shadow\\_%'",
    );
    return rows.map((r) => r.datname);
  } finally {
    await session.close();
  }
}

describe('autogenerate against a live PostgreSQL database', () => {
  let live: TestDatabase;
  let before: string[];
  beforeEach(async () => {
    live = await createPostgresDatabase();
    before = await shadowDatabases();
  });
  afterEach(() => live.drop());

  const project = (schemaSql: string) => {
    const dir = writeProject('postgres', []);
    writeFileSync(join(dir, 'schema.sql'), schemaSql);
    return loadProject(dir, { cache: false });
  };

  it('answers with the diff, its shadow database already dropped', async () => {
    process.env.STRATA_SCHEMA_CACHE = '0';
    try {
      const result = await autogenerate(project('CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL);\n'), {
        live: databaseAt({ dialect: 'postgres', url: live.url }),
      });
      expect(result.operations.map((o) => o.object)).toEqual(['table public.t']);
      expect(await shadowDatabases()).toEqual(before);
    } finally {
      delete process.env.STRATA_SCHEMA_CACHE;
    }
  });

  it('drops the shadow too when schema.sql is refused, naming the line', async () => {
    process.env.STRATA_SCHEMA_CACHE = '0';
    try {
      await expect(
        autogenerate(project('CREATE TABLE t (id int);\nCREATE TABLE t (id int);\n'), {
          live: databaseAt({ dialect: 'postgres', url: live.url }),
        }),
      ).rejects.toThrow(/schema\.sql:2: .*"t" already exists/);
      expect(await shadowDatabases()).toEqual(before);
    } finally {
      delete process.env.STRATA_SCHEMA_CACHE;
    }
  });
});

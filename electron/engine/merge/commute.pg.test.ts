// The shadow check on PostgreSQL: two fresh databases on the suite's server, dropped after.
// A DO block is opaque to the footprint: the shadow databases decide.
import { describe, expect, it } from 'vitest';
import { asRevisionId } from '../../../shared/model/revision.ts';
import { pgAdminUrl } from '../../../test/support/databases.ts';
import { writeProject } from '../../../test/support/projects.ts';
import { openSession } from '../dialects/postgres/sessions.ts';
import { loadProject } from '../project/project.ts';
import { analyzeHeads } from './analyze.ts';

const A = asRevisionId('a00000000000');
const B = asRevisionId('b00000000000');

async function analyzeDo(onA: string, onB: string): Promise<Awaited<ReturnType<typeof analyzeHeads>>> {
  const dir = writeProject('postgres', [
    {
      id: 'f00000000000',
      up: "CREATE TABLE users (id integer PRIMARY KEY, email text);\nCREATE TYPE mood AS ENUM ('ok');\n",
    },
    { id: A, parents: ['f00000000000'], up: onA },
    { id: B, parents: ['f00000000000'], up: onB },
  ]);
  const { map } = loadProject(dir, { cache: false });
  return analyzeHeads(map, 'postgres', [A, B], { shadow: { dialect: 'postgres', url: pgAdminUrl() } });
}

async function shadowDatabases(): Promise<string[]> {
  const session = await openSession(pgAdminUrl());
  try {
    return (
      await session.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'strata_shadow_%'")
    ).map((r) => r.datname);
  } finally {
    await session.close();
  }
}

describe('the shadow check on PostgreSQL', () => {
  it('a DO block that commutes with the other branch: clean, checked', async () => {
    const a = await analyzeDo(
      "DO $$ BEGIN EXECUTE 'ALTER TABLE users ADD COLUMN x int'; END $$;",
      'ALTER TABLE users ADD COLUMN y int;',
    );
    expect(a.pairs[0]?.commute?.outcome).toBe('same');
    expect(a.verdict).toBe('clean');
  });

  it('a DO block that adds the column the other branch adds: both orders fail, a conflict', async () => {
    const a = await analyzeDo(
      "DO $$ BEGIN EXECUTE 'ALTER TABLE users ADD COLUMN x int'; END $$;",
      'ALTER TABLE users ADD COLUMN x int;',
    );
    expect(a.verdict).toBe('conflict');
    expect(a.pairs[0]?.conflicts.map((c) => c.rule)).toEqual(['order-matters']);
    expect(a.pairs[0]?.commute?.detail).toMatch(/then .* fails: column "x" of relation "users" already exists/);
  });

  it('enum values added in a DO block: the order of values differs', async () => {
    const a = await analyzeDo(
      "DO $$ BEGIN EXECUTE 'ALTER TYPE mood ADD VALUE ''sad'''; END $$;",
      "ALTER TYPE mood ADD VALUE 'glad';",
    );
    expect(a.pairs[0]?.commute?.outcome).toBe('different');
    expect(a.pairs[0]?.commute?.detail).toMatch(/^enums: 'public\.mood \{ok,(sad,glad|glad,sad)\}' only after/);
    expect(await shadowDatabases()).toEqual([]);
  });
});

// `strata rehearse` and `strata lint --url` as a user runs them, on the embedded PostgreSQL.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { writeProject } from '../../../test/support/projects.ts';

const BIN = resolve('bin/strata.js');

function strata(args: readonly string[]): { code: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env.STRATA_DATABASE_URL;
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('strata rehearse', () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createPostgresDatabase();
    dir = writeProject('postgres', [
      {
        id: 'a00000000001',
        up:
          'CREATE TABLE items (id int PRIMARY KEY, name text);\n' +
          "INSERT INTO items SELECT g, 'n' FROM generate_series(1, 100) g;\n",
        down: 'DROP TABLE items;\n',
      },
      {
        id: 'b00000000002',
        parents: ['a00000000001'],
        up:
          "SET lock_timeout = '1s';\nALTER TABLE items ADD COLUMN price int;\n" +
          'ALTER TABLE items ALTER COLUMN name TYPE varchar(10);\n',
        down: 'ALTER TABLE items DROP COLUMN price;\n',
      },
    ]);
    expect(strata(['--project', dir, '--url', db.url, 'upgrade', 'a00000000001']).code).toBe(0);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('prints predicted next to observed and keeps nothing', async () => {
    const r = strata(['--project', dir, '--url', db.url, 'rehearse', 'heads', '--no-color']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/statement\s+sql\s+predicted\s+observed\s+time\s+result/);
    expect(r.stdout).toMatch(
      /ALTER TABLE items ADD COLUMN price int\s+ACCESS EXCLUSIVE items\s+ACCESS EXCLUSIVE items\s+[\d.]+ ms\s+match/,
    );
    expect(r.stdout).toMatch(/rewrite/);
    expect(r.stdout).toMatch(/0 analyzer bugs; rolled back/);
    expect(r.stdout).toMatch(/live impact\n {2}items: AccessExclusiveLock, (~\d+ rows|rows unknown)/);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      expect((await c.query('SELECT version_num FROM strata_version')).rows).toEqual([{ version_num: 'a00000000001' }]);
      expect(
        (
          await c.query(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'items' AND column_name = 'price'",
          )
        ).rows,
      ).toEqual([]);
    } finally {
      await c.end();
    }
  });

  it('--json carries statements, analyzer bugs and the impact', () => {
    const r = strata(['--project', dir, '--url', db.url, 'rehearse', 'heads', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      rolledBack: boolean;
      statements: { status: string; observed: { locks: { relation: string; mode: string }[] } }[];
      analyzerBugs: unknown[];
      impact: { relations: { relation: string; estimatedSeconds: number }[]; calibration: { method: string } };
    };
    expect(out.rolledBack).toBe(true);
    expect(out.analyzerBugs).toEqual([]);
    expect(out.statements.map((s) => s.status)).toEqual(['ok', 'ok', 'ok']);
    expect(out.statements[1]?.observed.locks).toEqual([
      { relation: 'items', mode: 'AccessExclusiveLock', kind: 'table' },
    ]);
    expect(out.impact.relations[0]?.relation).toBe('items');
    expect(out.impact.relations[0]?.estimatedSeconds).toBeGreaterThan(0);
    expect(out.impact.calibration.method).toMatch(/rolled-back transaction/);
    expect(out.impact.calibration.method).toMatch(/waiting to get the lock is not included/);
  });

  it('lint --url adds the live impact', () => {
    const r = strata(['--project', dir, '--url', db.url, 'lint', '--json']);
    const out = JSON.parse(r.stdout) as {
      impact?: { relations: { relation: string; mode: string; rows: number | null }[] };
    };
    expect(out.impact?.relations.map((x) => `${x.relation}:${x.mode}`)).toContain('items:AccessExclusiveLock');
  });
});

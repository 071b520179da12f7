// A fresh database per test: a new PostgreSQL database on the run's server, or a new
// SQLite file in a temporary folder. Never a mock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';

let counter = 0;

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

export function pgAdminUrl(): string {
  return inject('pgAdminUrl');
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createPostgresDatabase(): Promise<TestDatabase> {
  const admin = pgAdminUrl();
  const name = `strata_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return {
    url: withDatabase(admin, name),
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export function createSqliteDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'strata-sqlite-'));
  return {
    url: join(dir, 'test.sqlite'),
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type DialectName = 'sqlite' | 'postgres';

export async function createDatabase(dialect: DialectName): Promise<TestDatabase> {
  return dialect === 'postgres' ? createPostgresDatabase() : createSqliteDatabase();
}

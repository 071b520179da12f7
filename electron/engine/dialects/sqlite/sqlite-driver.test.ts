// The SQLite connection's reads that a runner repeats in every revision's transaction: each
// statement text is prepared once per connection, and a table is looked up by name as SQLite
// resolves names (not by a scan of sqlite_master).
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { SqliteConnection } from './sqlite-driver.ts';

const dir = mkdtempSync(join(tmpdir(), 'strata-sqlite-driver-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SqliteConnection', () => {
  it('prepares a repeated statement once, and it still reads after the schema changed', async () => {
    const conn = new SqliteConnection(join(dir, 'prepared.sqlite'));
    const prepare = vi.spyOn(Database.prototype, 'prepare');
    try {
      await conn.execute('CREATE TABLE v (n text)');
      await conn.execute("INSERT INTO v VALUES ('a')");
      const read = 'SELECT n FROM v ORDER BY n';
      expect(await conn.query(read)).toEqual([{ n: 'a' }]);
      await conn.execute('CREATE TABLE other (x int)');
      await conn.execute("INSERT INTO v VALUES ('b')");
      expect(await conn.query(read)).toEqual([{ n: 'a' }, { n: 'b' }]);
      for (let i = 0; i < 5; i++) expect(await conn.tableExists('v')).toBe(true);
      const texts = prepare.mock.calls.map((c) => c[0]);
      expect(texts.filter((t) => t === read)).toHaveLength(1);
      expect(new Set(texts).size).toBe(texts.length);
    } finally {
      prepare.mockRestore();
      await conn.close();
    }
  });

  it('tableExists: a table of the main schema by name, in any case; not a view, not a temporary table', async () => {
    const conn = new SqliteConnection(join(dir, 'exists.sqlite'));
    try {
      await conn.execute('CREATE TABLE strata_version (version_num text)');
      await conn.execute('CREATE VIEW a_view AS SELECT 1');
      await conn.execute('CREATE TEMP TABLE scratch (x int)');
      expect(await conn.tableExists('strata_version')).toBe(true);
      expect(await conn.tableExists('STRATA_VERSION')).toBe(true);
      expect(await conn.tableExists('strata_history')).toBe(false);
      expect(await conn.tableExists('a_view')).toBe(false);
      expect(await conn.tableExists('scratch')).toBe(false);
      await conn.execute('DROP TABLE strata_version');
      expect(await conn.tableExists('strata_version')).toBe(false);
    } finally {
      await conn.close();
    }
  });

  it('othersCommitted: true at first and after another connection committed, not after its own commits', async () => {
    const file = join(dir, 'data-version.sqlite');
    const conn = new SqliteConnection(file);
    const other = new Database(file);
    try {
      await conn.execute('CREATE TABLE v (n text)');
      expect(await conn.othersCommitted()).toBe(true);
      await conn.execute("INSERT INTO v VALUES ('mine')");
      expect(await conn.othersCommitted()).toBe(false);
      other.exec("INSERT INTO v VALUES ('theirs')");
      expect(await conn.othersCommitted()).toBe(true);
      expect(await conn.othersCommitted()).toBe(false);
      // Asked under the write lock, as a runner does: what committed before it is seen.
      other.exec("INSERT INTO v VALUES ('theirs again')");
      await conn.execute('BEGIN IMMEDIATE');
      expect(await conn.othersCommitted()).toBe(true);
      await conn.execute('COMMIT');
    } finally {
      other.close();
      await conn.close();
    }
  });
});

describe('opening a SQLite database', () => {
  it('loads the native module by its path, without the bindings package searching for it', () => {
    const driver = pathToFileURL(resolve('electron/engine/dialects/sqlite/sqlite-driver.ts')).href;
    const file = join(dir, 'binding.sqlite');
    const script = `
      const { SqliteConnection } = await import(${JSON.stringify(driver)});
      const conn = new SqliteConnection(${JSON.stringify(file)});
      await conn.execute('CREATE TABLE t (x int)');
      await conn.close();
      const { createRequire } = await import('node:module');
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      process.stdout.write(JSON.stringify(loaded.filter((p) => /[\\\\/]node_modules[\\\\/]bindings[\\\\/]/.test(p))));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual([]);
  });
});

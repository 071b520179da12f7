// SQLite introspection against a real database: every object kind the model has for SQLite.
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteConnection } from '../../dialects/sqlite/sqlite-driver.ts';
import { introspectSqlite } from './sqlite.ts';

let conn: SqliteConnection | undefined;
afterEach(async () => {
  await conn?.close();
  conn = undefined;
});

async function schemaOf(sql: string) {
  conn = new SqliteConnection(':memory:');
  await conn.execute(sql);
  return introspectSqlite((statement, params) => conn!.query(statement, params));
}

describe('SQLite introspection', () => {
  it('reads columns: type, nullability, default, generated, collation', async () => {
    const schema = await schemaOf(`
      CREATE TABLE t (
        id integer PRIMARY KEY AUTOINCREMENT,
        name varchar(20) NOT NULL COLLATE nocase DEFAULT 'x',
        born text DEFAULT (datetime('now')),
        n INT DEFAULT -1,
        twice int GENERATED ALWAYS AS (n * 2) STORED,
        thrice int AS (n*3)
      );`);
    const [t] = schema.tables;
    expect(t!.columns).toEqual([
      {
        name: 'id',
        type: 'INTEGER',
        nullable: true,
        default: null,
        identity: null,
        generated: null,
        collation: null,
        comment: null,
      },
      {
        name: 'name',
        type: 'VARCHAR(20)',
        nullable: false,
        default: "'x'",
        identity: null,
        generated: null,
        collation: 'NOCASE',
        comment: null,
      },
      {
        name: 'born',
        type: 'TEXT',
        nullable: true,
        default: "datetime('now')",
        identity: null,
        generated: null,
        collation: null,
        comment: null,
      },
      {
        name: 'n',
        type: 'INT',
        nullable: true,
        default: '-1',
        identity: null,
        generated: null,
        collation: null,
        comment: null,
      },
      {
        name: 'twice',
        type: 'INT',
        nullable: true,
        default: null,
        identity: null,
        generated: { expression: 'n * 2', stored: true },
        collation: null,
        comment: null,
      },
      {
        name: 'thrice',
        type: 'INT',
        nullable: true,
        default: null,
        identity: null,
        generated: { expression: 'n * 3', stored: false },
        collation: null,
        comment: null,
      },
    ]);
    expect(t!.primaryKey).toEqual({ name: null, columns: ['id'], autoincrement: true });
  });

  it('reads keys, uniques, foreign keys with their actions and deferral, checks and options', async () => {
    const schema = await schemaOf(
      `
      CREATE TABLE parent (a int, b int, c text UNIQUE, PRIMARY KEY (a, b), CONSTRAINT ab_c UNIQUE (b, c)) ` +
        `WITHOUT ROWID, STRICT;
      CREATE TABLE child (
        id integer PRIMARY KEY,
        pa int, pb int,
        p2 int CONSTRAINT to_parent REFERENCES parent ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
        qty int CHECK (qty > 0),
        CONSTRAINT fk_ab FOREIGN KEY (PA, pb) REFERENCES parent (a, b) ON DELETE CASCADE ON UPDATE RESTRICT,
        CONSTRAINT qty_small CHECK (qty < 100)
      );`,
    );
    const [child, parent] = schema.tables;
    expect(parent!.name).toBe('parent');
    expect(parent!.options).toEqual(['STRICT', 'WITHOUT ROWID']);
    expect(parent!.primaryKey).toEqual({ name: null, columns: ['a', 'b'], autoincrement: false });
    expect(parent!.uniques).toEqual([
      { name: 'ab_c', columns: ['b', 'c'], nullsNotDistinct: false, deferrable: 'not deferrable' },
      { name: null, columns: ['c'], nullsNotDistinct: false, deferrable: 'not deferrable' },
    ]);
    expect(child!.primaryKey).toEqual({ name: null, columns: ['id'], autoincrement: false });
    expect(child!.foreignKeys).toEqual([
      {
        name: 'fk_ab',
        columns: ['pa', 'pb'],
        references: { schema: 'main', name: 'parent', columns: ['a', 'b'] },
        onDelete: 'cascade',
        onUpdate: 'restrict',
        match: 'simple',
        deferrable: 'not deferrable',
        notValid: false,
      },
      // REFERENCES parent without columns: parent's primary key.
      {
        name: 'to_parent',
        columns: ['p2'],
        references: { schema: 'main', name: 'parent', columns: ['a', 'b'] },
        onDelete: 'set null',
        onUpdate: 'no action',
        match: 'simple',
        deferrable: 'deferrable initially deferred',
        notValid: false,
      },
    ]);
    expect(child!.checks).toEqual([
      { name: 'qty_small', expression: 'qty < 100', notValid: false },
      { name: null, expression: 'qty > 0', notValid: false },
    ]);
  });

  it('reads indexes: unique, partial, expression, DESC, collation', async () => {
    const schema = await schemaOf(`
      CREATE TABLE t (a int, b text COLLATE nocase, c text);
      CREATE UNIQUE INDEX t_a ON t (a DESC) WHERE a > 0;
      CREATE INDEX t_expr ON t (lower(c), b, c COLLATE NOCASE);`);
    expect(schema.tables[0]!.indexes).toEqual([
      {
        name: 't_a',
        unique: true,
        method: 'btree',
        keys: [{ column: 'a', expression: null, descending: true, nulls: null, collation: null, opclass: null }],
        include: [],
        where: 'a > 0',
        nullsNotDistinct: false,
        definition: 'create unique index t_a on t(a desc) where a > 0',
      },
      {
        name: 't_expr',
        unique: false,
        method: 'btree',
        keys: [
          { column: null, expression: 'lower(c)', descending: false, nulls: null, collation: null, opclass: null },
          // b's own collation is its column's, not the index's.
          { column: 'b', expression: null, descending: false, nulls: null, collation: null, opclass: null },
          { column: 'c', expression: null, descending: false, nulls: null, collation: 'NOCASE', opclass: null },
        ],
        include: [],
        where: null,
        nullsNotDistinct: false,
        definition: 'create index t_expr on t(lower(c), b, c collate nocase)',
      },
    ]);
  });

  it('reads views and triggers, and leaves strata_* and sqlite_* tables out', async () => {
    const schema = await schemaOf(`
      CREATE TABLE strata_version (version_num text);
      CREATE TABLE t (id integer PRIMARY KEY AUTOINCREMENT, v int);
      CREATE VIEW big AS SELECT id FROM t WHERE v > 10;
      CREATE TRIGGER t_touch AFTER UPDATE ON t BEGIN UPDATE t SET v = v WHERE id = new.id; END;
      CREATE TRIGGER big_ins INSTEAD OF INSERT ON big BEGIN INSERT INTO t (v) VALUES (new.id); END;`);
    expect(schema.tables.map((t) => t.name)).toEqual(['t']);
    expect(schema.tables[0]!.triggers).toEqual([
      {
        name: 't_touch',
        definition: 'create trigger t_touch after update on t begin update t set v = v where id = new.id; end',
      },
    ]);
    expect(schema.views).toEqual([
      {
        schema: 'main',
        name: 'big',
        materialized: false,
        definition: 'select id from t where v > 10',
        indexes: [],
        triggers: [
          {
            name: 'big_ins',
            definition: 'create trigger big_ins instead of insert on big begin insert into t(v) values (new.id); end',
          },
        ],
        comment: null,
      },
    ]);
  });

  it('reads a table made by CREATE TABLE … AS SELECT (SQLite stores it as a plain CREATE TABLE)', async () => {
    const schema = await schemaOf(
      `CREATE TABLE src (a int CHECK (a > 0)); CREATE TABLE IF NOT EXISTS main.copy AS SELECT a, ` +
        `b FROM (SELECT a, a + 1 AS b FROM src);`,
    );
    const copy = schema.tables.find((t) => t.name === 'copy')!;
    expect(copy.columns.map((c) => [c.name, c.type])).toEqual([
      ['a', 'INT'],
      ['b', ''],
    ]);
    expect(copy.checks).toEqual([]);
  });

  it('issues the same five queries for one table or a hundred', async () => {
    const counted = async (tables: number) => {
      const db = new SqliteConnection(':memory:');
      for (let i = 0; i < tables; i += 1)
        await db.execute(
          `CREATE TABLE t${i} (id integer PRIMARY KEY, v text UNIQUE, ` +
            `p int REFERENCES t0 (id)); CREATE INDEX t${i}_v ON t${i} (v)`,
        );
      let queries = 0;
      const schema = await introspectSqlite((statement, params) => {
        queries += 1;
        return db.query(statement, params);
      });
      await db.close();
      expect(schema.tables).toHaveLength(tables);
      return queries;
    };
    expect(await counted(1)).toBe(5);
    expect(await counted(100)).toBe(5);
  });
});

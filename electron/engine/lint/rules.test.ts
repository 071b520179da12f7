// Every rule fires on a statement that has the risk and stays silent on its safe variant.
// Statements run against the honesty suite's schema (tables with rows, FKs, partitions…);
// a new rule without a case here fails the first test.
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LintOptions } from './linter.ts';
import { loadParser } from './parse.ts';
import { RULES } from './registry.ts';
import { BUILTIN_RULES } from './rule.ts';
import { lint, revisionText, ruleIds } from '../../../test/support/lint-helpers.ts';

interface RuleCase {
  readonly rule: string;
  readonly fires: string;
  readonly safe: readonly string[];
  readonly options?: LintOptions;
  /** Lint as a revision file instead of bare statements. */
  readonly revision?: boolean;
}

const NO_TX = '-- strata:transactional false\n';

const CASES: readonly RuleCase[] = [
  {
    rule: 'require-concurrent-index-creation',
    fires: 'CREATE INDEX i ON child (note);',
    safe: [
      `${NO_TX}CREATE INDEX CONCURRENTLY i ON child (note);`,
      'CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);',
      'CREATE INDEX i ON ONLY events (payload);',
    ],
  },
  {
    rule: 'require-concurrent-index-deletion',
    fires: 'DROP INDEX child_email_idx;',
    safe: [`${NO_TX}DROP INDEX CONCURRENTLY child_email_idx;`, 'CREATE INDEX i2 ON empty_t (id);\nDROP INDEX i2;'],
  },
  {
    rule: 'concurrently-in-transaction',
    fires: 'CREATE INDEX CONCURRENTLY i ON child (note);',
    safe: [`${NO_TX}CREATE INDEX CONCURRENTLY i ON child (note);`],
  },
  {
    rule: 'constraint-missing-not-valid',
    fires: 'ALTER TABLE child ADD CONSTRAINT c CHECK (n > 0);',
    safe: [
      'ALTER TABLE child ADD CONSTRAINT c CHECK (n > 0) NOT VALID;',
      'ALTER TABLE child ADD CONSTRAINT f FOREIGN KEY (parent_id) REFERENCES parent (id) NOT VALID;',
    ],
  },
  {
    rule: 'set-not-null-scan',
    fires: 'ALTER TABLE child ALTER COLUMN email SET NOT NULL;',
    safe: [
      'ALTER TABLE items ALTER COLUMN qty SET NOT NULL;',
      'ALTER TABLE child ADD CONSTRAINT e_nn NOT NULL email NOT VALID;',
    ],
  },
  {
    rule: 'volatile-default-rewrite',
    fires: 'ALTER TABLE child ADD COLUMN x uuid DEFAULT gen_random_uuid();',
    safe: [
      'ALTER TABLE child ADD COLUMN x timestamptz DEFAULT now();',
      'ALTER TABLE child ADD COLUMN x integer GENERATED ALWAYS AS (n * 2) VIRTUAL;',
    ],
  },
  {
    rule: 'changing-column-type-rewrite',
    fires: 'ALTER TABLE child ALTER COLUMN n TYPE bigint;',
    safe: [
      'ALTER TABLE child ALTER COLUMN email TYPE varchar(200);',
      'ALTER TABLE child ALTER COLUMN email TYPE text;',
      'ALTER TABLE child ALTER COLUMN amount TYPE numeric(14,2);',
    ],
  },
  {
    rule: 'adding-required-field',
    fires: 'ALTER TABLE child ADD COLUMN x integer NOT NULL;',
    safe: ['ALTER TABLE child ADD COLUMN x integer NOT NULL DEFAULT 0;'],
  },
  {
    rule: 'unique-constraint-without-index',
    fires: 'ALTER TABLE child ADD CONSTRAINT u UNIQUE (n);',
    safe: ['ALTER TABLE items ADD CONSTRAINT items_label_key UNIQUE USING INDEX items_label_idx;'],
  },
  {
    rule: 'primary-key-without-index',
    fires: 'ALTER TABLE empty_t ADD PRIMARY KEY (id);',
    safe: ['CREATE TABLE t (id int);\nALTER TABLE t ADD PRIMARY KEY (id);'],
  },
  {
    rule: 'renaming-column',
    fires: 'ALTER TABLE child RENAME COLUMN note TO body;',
    safe: ['CREATE TABLE t (a int);\nALTER TABLE t RENAME COLUMN a TO b;'],
  },
  {
    rule: 'renaming-table',
    fires: 'ALTER TABLE child RENAME TO kid;',
    safe: ['CREATE TABLE t (a int);\nALTER TABLE t RENAME TO u;'],
  },
  {
    rule: 'drop-column',
    fires: 'ALTER TABLE child DROP COLUMN flag;',
    safe: ['CREATE TABLE t (a int, b int);\nALTER TABLE t DROP COLUMN b;'],
  },
  {
    rule: 'drop-schema',
    fires: 'DROP SCHEMA archive CASCADE;',
    safe: [
      'DROP SCHEMA empty_schema;',
      'DROP TABLE archive.old_child;\nDROP VIEW archive.old_notes;\nDROP SCHEMA archive;',
    ],
  },
  { rule: 'drop-database', fires: `${NO_TX}DROP DATABASE legacy;`, safe: [`${NO_TX}CREATE DATABASE legacy;`] },
  {
    rule: 'unknown-locks',
    fires: "DO $$ BEGIN EXECUTE 'TRUNCATE child'; END $$;",
    safe: [
      'TRUNCATE child;',
      'CREATE RULE r AS ON INSERT TO items DO INSTEAD NOTHING;',
      'EXPLAIN ANALYZE DELETE FROM items;',
    ],
  },
  {
    rule: 'drop-not-null',
    fires: 'ALTER TABLE child ALTER COLUMN parent_id DROP NOT NULL;',
    safe: [
      'ALTER TABLE child ALTER COLUMN note SET NOT NULL;',
      'CREATE TABLE t (a int NOT NULL);\nALTER TABLE t ALTER COLUMN a DROP NOT NULL;',
    ],
  },
  {
    rule: 'json-column',
    fires: 'ALTER TABLE child ADD COLUMN meta json;',
    safe: ['ALTER TABLE child ADD COLUMN meta jsonb;', 'CREATE TABLE t (id int, doc jsonb);'],
  },
  {
    rule: 'renaming-enum-value',
    fires: "ALTER TYPE mood RENAME VALUE 'ok' TO 'fine';",
    safe: ["ALTER TYPE mood ADD VALUE 'fine' AFTER 'ok';"],
  },
  {
    rule: 'renaming-schema',
    fires: 'ALTER SCHEMA archive RENAME TO old_archive;',
    safe: ['ALTER TABLE child SET (fillfactor = 90);'],
  },
  {
    rule: 'statement-timeout-around-rewrite',
    fires: 'ALTER TABLE child ALTER COLUMN n TYPE bigint;',
    safe: [
      "SET statement_timeout = '30s';\nALTER TABLE child ALTER COLUMN n TYPE bigint;",
      'ALTER TABLE child ALTER COLUMN email TYPE varchar(200);',
      'CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN a TYPE bigint;',
    ],
  },
  {
    rule: 'foreign-key-without-index',
    fires: 'CREATE TABLE orders (id int PRIMARY KEY, parent_id bigint REFERENCES parent (id));',
    safe: [
      'CREATE TABLE orders (id int PRIMARY KEY, parent_id bigint REFERENCES parent (id));\n' +
        'CREATE INDEX orders_parent_id_idx ON orders (parent_id);',
      'ALTER TABLE child ADD CONSTRAINT child_parent_fk2 FOREIGN KEY (parent_id) REFERENCES parent (id) NOT VALID;',
    ],
  },
  {
    rule: 'lock-timeout-too-long',
    fires: "SET lock_timeout = '10min';",
    safe: ["SET lock_timeout = '5s';", 'SET lock_timeout = 10000;', "SET statement_timeout = '10min';"],
  },
  {
    rule: 'after-access-exclusive',
    fires: "SET lock_timeout = '2s';\nALTER TABLE child ADD COLUMN x int;\nUPDATE child SET x = 1 WHERE id < 100;",
    safe: [
      `${NO_TX}SET lock_timeout = '2s';\nALTER TABLE child ADD COLUMN x int;\nUPDATE child SET x = 1 WHERE id < 100;`,
      "SET lock_timeout = '2s';\nCREATE INDEX i ON items (label);\nUPDATE child SET n = 1 WHERE id < 10;",
      "SET lock_timeout = '2s';\nUPDATE child SET x = 1 WHERE id < 100;\nALTER TABLE child ADD COLUMN x int;",
    ],
  },
  { rule: 'drop-table', fires: 'DROP TABLE items;', safe: ['CREATE TABLE t (a int);\nDROP TABLE t;'] },
  {
    rule: 'require-lock-timeout',
    fires: 'ALTER TABLE child ADD COLUMN x integer;',
    safe: [
      "SET lock_timeout = '2s';\nALTER TABLE child ADD COLUMN x integer;",
      'ALTER TABLE child ALTER COLUMN n SET STATISTICS 100;',
      'CREATE TABLE t (a int);',
    ],
  },
  {
    rule: 'enum-value-ordering',
    fires: "ALTER TYPE mood ADD VALUE 'meh';",
    safe: ["ALTER TYPE mood ADD VALUE 'meh' AFTER 'ok';"],
  },
  {
    rule: 'enum-add-value-in-transaction',
    fires: "ALTER TYPE mood ADD VALUE 'meh' AFTER 'ok';",
    safe: [`${NO_TX}ALTER TYPE mood ADD VALUE 'meh' AFTER 'ok';`],
    options: { pgVersion: 11 },
  },
  {
    rule: 'vacuum-full',
    fires: `${NO_TX}VACUUM FULL child;`,
    safe: [
      `${NO_TX}VACUUM child;`,
      `${NO_TX}VACUUM (FULL false) child;`,
      `${NO_TX}VACUUM (FULL 'off', ANALYZE) child;`,
    ],
  },
  { rule: 'cluster', fires: 'CLUSTER child USING child_pkey;', safe: ['ALTER TABLE child CLUSTER ON child_pkey;'] },
  { rule: 'truncate', fires: 'TRUNCATE items;', safe: ['DELETE FROM items WHERE id < 100;'] },
  { rule: 'truncate-cascade', fires: 'TRUNCATE parent CASCADE;', safe: ['TRUNCATE items;'] },
  {
    rule: 'unbatched-update',
    fires: "UPDATE items SET label = 'x';",
    safe: ["UPDATE items SET label = 'x' WHERE id BETWEEN 1 AND 1000;"],
  },
  { rule: 'unbatched-delete', fires: 'DELETE FROM items;', safe: ['DELETE FROM items WHERE id < 10;'] },
  {
    rule: 'reindex-non-concurrent',
    fires: 'REINDEX INDEX child_email_idx;',
    safe: [`${NO_TX}REINDEX INDEX CONCURRENTLY child_email_idx;`],
  },
  {
    rule: 'detach-partition-non-concurrent',
    fires: 'ALTER TABLE events DETACH PARTITION events_2025;',
    safe: [`${NO_TX}ALTER TABLE events DETACH PARTITION events_2025 CONCURRENTLY;`],
  },
  {
    rule: 'create-table-partition-of',
    fires: "CREATE TABLE events_2027 PARTITION OF events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');",
    safe: ["ALTER TABLE events ATTACH PARTITION events_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');"],
  },
  {
    rule: 'foreign-key-locks-parent',
    fires: 'CREATE TABLE t2 (id int REFERENCES parent (id));',
    safe: ['CREATE TABLE t2 (id int);', 'CREATE TABLE t3 (id int PRIMARY KEY, up int REFERENCES t3 (id));'],
  },
  {
    rule: 'set-tablespace-rewrite',
    fires: 'ALTER TABLE child SET TABLESPACE fast;',
    safe: ['CREATE TABLE t (a int);\nALTER TABLE t SET TABLESPACE fast;'],
  },
  { rule: 'set-logged-rewrite', fires: 'ALTER TABLE items SET UNLOGGED;', safe: ['ALTER TABLE items SET LOGGED;'] },
  {
    rule: 'refresh-matview-non-concurrent',
    fires: 'REFRESH MATERIALIZED VIEW parent_stats;',
    safe: ['REFRESH MATERIALIZED VIEW CONCURRENTLY parent_stats;'],
  },
  {
    rule: 'alter-domain-add-constraint',
    fires: 'ALTER DOMAIN positive_int ADD CONSTRAINT p2 CHECK (VALUE > 0);',
    safe: ['ALTER DOMAIN positive_int ADD CONSTRAINT p2 CHECK (VALUE > 0) NOT VALID;'],
  },
  {
    rule: 'exclusion-constraint',
    fires: 'ALTER TABLE child ADD CONSTRAINT ex EXCLUDE USING btree (n WITH =);',
    safe: ['CREATE TABLE t (a int);\nALTER TABLE t ADD CONSTRAINT ex EXCLUDE USING btree (a WITH =);'],
  },
  {
    rule: 'attach-partition-default-scan',
    fires: "ALTER TABLE logs ATTACH PARTITION logs_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');",
    safe: ["ALTER TABLE events ATTACH PARTITION events_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');"],
  },
  {
    rule: 'validate-in-same-transaction',
    fires: 'ALTER TABLE child ADD CONSTRAINT c CHECK (n > 0) NOT VALID;\nALTER TABLE child VALIDATE CONSTRAINT c;',
    safe: [
      `${NO_TX}ALTER TABLE child ADD CONSTRAINT c CHECK (n > 0) NOT VALID;\nALTER TABLE child VALIDATE CONSTRAINT c;`,
      'ALTER TABLE child VALIDATE CONSTRAINT child_n_check;',
    ],
  },
  {
    rule: 'transaction-control',
    fires: 'BEGIN;\nALTER TABLE child ADD COLUMN x int;\nCOMMIT;',
    safe: ['ALTER TABLE child ADD COLUMN x int;'],
    revision: true,
  },
  {
    rule: 'sqlite-unsupported-alter',
    fires: 'ALTER TABLE books ALTER COLUMN title TYPE varchar(10);',
    safe: ['ALTER TABLE books ADD COLUMN pages INTEGER;', 'ALTER TABLE books RENAME COLUMN title TO name;'],
    options: { dialect: 'sqlite' },
  },
  {
    rule: 'sqlite-add-column-constraint',
    fires: 'ALTER TABLE books ADD COLUMN pages INTEGER NOT NULL;',
    safe: ['ALTER TABLE books ADD COLUMN pages INTEGER NOT NULL DEFAULT 0;'],
    options: { dialect: 'sqlite' },
  },
  // NOT NULL does not keep SQLite from dropping a column (authors.name is NOT NULL).
  {
    rule: 'sqlite-drop-column',
    fires: 'ALTER TABLE books DROP COLUMN isbn;',
    safe: ['ALTER TABLE books DROP COLUMN title;', 'ALTER TABLE authors DROP COLUMN name;'],
    options: { dialect: 'sqlite' },
  },
  {
    rule: 'sqlite-table-rebuild',
    fires:
      'CREATE TABLE new_books (id INTEGER PRIMARY KEY, title TEXT NOT NULL);\n' +
      'INSERT INTO new_books SELECT id, title FROM books;\n' +
      'DROP TABLE books;\nALTER TABLE new_books RENAME TO books;',
    safe: ['ALTER TABLE books RENAME TO volumes;'],
    options: { dialect: 'sqlite' },
  },
  { rule: BUILTIN_RULES.syntaxError, fires: 'ALTER TABLE child ADD COLUMN;', safe: ['SELECT 1;'] },
  {
    rule: BUILTIN_RULES.invalidIgnore,
    fires: '-- strata:ignore require-lock-timeout\nALTER TABLE child ADD COLUMN x int;',
    safe: ['-- strata:ignore require-lock-timeout short lock, quiet table\nALTER TABLE child ADD COLUMN x int;'],
  },
];

describe('rules', () => {
  beforeAll(loadParser);

  it('every rule has a firing statement and a safe variant', () => {
    const covered = new Set(CASES.map((c) => c.rule));
    expect(RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it('every rule has its doc in docs/rules/<id>.md', () => {
    const ids = [...RULES.map((r) => r.id), ...Object.values(BUILTIN_RULES)];
    expect(ids.filter((id) => !existsSync(`docs/rules/${id}.md`))).toEqual([]);
  });

  it('rule ids are unique and kebab-case', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  for (const c of CASES) {
    const text = (sql: string): string => (c.revision ? revisionText(sql) : sql);
    it(`${c.rule} fires`, () => {
      expect(ruleIds(lint(text(c.fires), c.options))).toContain(c.rule);
    });
    c.safe.forEach((safe, i) => {
      it(`${c.rule} is silent on safe variant ${i + 1}`, () => {
        expect(ruleIds(lint(text(safe), c.options))).not.toContain(c.rule);
      });
    });
  }

  it('a boolean option is read with its value, in every spelling PostgreSQL accepts', () => {
    for (const off of ['false', '0', "'off'", 'OFF']) {
      expect(ruleIds(lint(`REINDEX (CONCURRENTLY ${off}) INDEX child_email_idx;`)), off).toContain(
        'reindex-non-concurrent',
      );
      expect(ruleIds(lint(`${NO_TX}VACUUM (FULL ${off}) child;`)), off).not.toContain('vacuum-full');
    }
    for (const on of ['', ' true', ' 1', " 'on'", ' TRUE']) {
      expect(ruleIds(lint(`${NO_TX}REINDEX (CONCURRENTLY${on}) INDEX child_email_idx;`)), on).not.toContain(
        'reindex-non-concurrent',
      );
      expect(ruleIds(lint(`${NO_TX}VACUUM (FULL${on}) child;`)), on).toContain('vacuum-full');
    }
  });

  it('foreign-key-locks-parent also fires for ADD CONSTRAINT ... REFERENCES on a new table', () => {
    const sql =
      'CREATE TABLE t (id int PRIMARY KEY, p bigint);\n' +
      'ALTER TABLE t ADD CONSTRAINT t_p_fkey FOREIGN KEY (p) REFERENCES parent (id);';
    expect(lint(sql).statements[1]?.findings.find((f) => f.rule === 'foreign-key-locks-parent')?.message).toMatch(
      /new table t takes SHARE ROW EXCLUSIVE on parent/,
    );
    expect(
      ruleIds(
        lint(
          'CREATE TABLE t (id int PRIMARY KEY, up int);\n' +
            'ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (up) REFERENCES t (id);',
        ),
      ),
    ).not.toContain('foreign-key-locks-parent');
  });

  it('drop-schema names the tables it drops', () => {
    const finding = lint('DROP SCHEMA archive CASCADE;').statements[0]?.findings.find((f) => f.rule === 'drop-schema');
    expect(finding?.message).toMatch(/archive\.old_child/);
  });

  it("a SQLite syntax error is an error, from SQLite's own parser", () => {
    const sqlite: LintOptions = { dialect: 'sqlite' };
    const report = lint('CREATE TABLE t (id INT;\nALTER TABLE books ADD COLUMN pages INTEGER;', sqlite);
    expect(report.statements[0]?.findings.map((f) => [f.rule, f.severity])).toEqual([['syntax-error', 'error']]);
    expect(report.statements[0]?.findings[0]?.message).toMatch(
      /^SQLite cannot parse this statement: (incomplete input|.*syntax error)/,
    );
    expect(ruleIds(lint('SELEC 1;', sqlite))).toContain('syntax-error');
    // Valid SQLite that PostgreSQL's parser refuses, and a table the scratch database lacks.
    const valid = [
      'CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT) WITHOUT ROWID;',
      "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);\nINSERT OR REPLACE INTO t (id, name) VALUES (1, 'a');",
      'INSERT INTO table_of_an_earlier_revision VALUES (1);',
      'PRAGMA foreign_keys = OFF;',
    ];
    for (const sql of valid) expect(ruleIds(lint(sql, sqlite)), sql).not.toContain('syntax-error');
  });

  it('messages name the table and the lock', () => {
    const report = lint('CREATE INDEX i ON child (note);');
    const finding = report.statements[0]?.findings.find((f) => f.rule === 'require-concurrent-index-creation');
    expect(finding?.message).toMatch(/child/);
    expect(finding?.message).toMatch(/SHARE/);
  });
});

// A folder of migration files is one history: the schema is carried from file to file in the
// order a runner applies them, a down file runs after its up and leaves nothing behind.
import { beforeAll, describe, expect, it } from 'vitest';
import { ruleIds } from '../../../test/support/lint-helpers.ts';
import { historyOrder, LintHistory, migrationRole } from './history.ts';
import { lintText } from './lint-file.ts';
import { loadParser } from './parse.ts';

beforeAll(loadParser);

describe('a folder of migrations is one history', () => {
  it('varchar(10) → varchar(20) after an earlier file created the column is not a rewrite', () => {
    const history = new LintHistory({});
    history.lint('CREATE TABLE users (id int PRIMARY KEY, name varchar(10));\n', '001.sql');
    const widen = history.lint('ALTER TABLE users ALTER COLUMN name TYPE varchar(20);\n', '002.sql');
    expect(widen.statements[0]?.rewrites).toBe(false);
    expect(widen.statements[0]?.assumptions).toEqual([]);
    expect(ruleIds(widen)).not.toContain('changing-column-type-rewrite');
    // The earlier file's table is an existing one now: its lock blocks, and is said to.
    expect(widen.statements[0]?.locks).toEqual([{ relation: 'users', mode: 'AccessExclusiveLock', kind: 'table' }]);
    // Alone, the same file cannot know the old type.
    const alone = lintText('ALTER TABLE users ALTER COLUMN name TYPE varchar(20);\n', '002.sql');
    expect(alone.statements[0]?.assumptions.join(' ')).toMatch(/current type of users\.name unknown/);
    expect(ruleIds(alone)).toContain('changing-column-type-rewrite');
  });

  it('a real rewrite found through the history is still one', () => {
    const history = new LintHistory({});
    history.lint('CREATE TABLE t (id int PRIMARY KEY, n integer);\n', '1.sql');
    const report = history.lint('ALTER TABLE t ALTER COLUMN n TYPE bigint;\n', '2.sql');
    expect(report.statements[0]?.findings.find((f) => f.rule === 'changing-column-type-rewrite')?.message).toMatch(
      /t\.n int4 → int8/,
    );
  });

  it('a down file sees its up, and changes nothing for the files after it', () => {
    const history = new LintHistory({});
    history.lint('CREATE TABLE t (id int PRIMARY KEY, name varchar(10));\n', '1.up.sql');
    history.lint('ALTER TABLE t ALTER COLUMN name TYPE varchar(40);\n', '2.up.sql');
    const down = history.lint(
      'ALTER TABLE t ALTER COLUMN name TYPE varchar(10);\nALTER TABLE t DROP COLUMN id;\n',
      '2.down.sql',
    );
    expect(down.statements[0]?.rewrites).toBe(true);
    expect(down.statements[0]?.findings.find((f) => f.rule === 'changing-column-type-rewrite')?.message).toMatch(
      /varchar\(40\) → varchar\(10\)/,
    );
    const next = history.lint(
      'ALTER TABLE t ALTER COLUMN name TYPE varchar(80);\nALTER TABLE t ALTER COLUMN id TYPE int;\n',
      '3.up.sql',
    );
    expect(next.statements.map((s) => s.rewrites)).toEqual([false, false]);
    expect(next.statements.flatMap((s) => s.assumptions)).toEqual([]);
  });

  it('knows the runners’ names for down files and runs each after its up', () => {
    expect(
      [
        '1_x.down.sql',
        'm/2024-01-01_x/down.sql',
        'sql/U3__undo.sql',
        'revert/add_users.sql',
        'verify/add_users.sql',
      ].map(migrationRole),
    ).toEqual(['down', 'down', 'down', 'down', 'down']);
    expect(
      [
        '1_x.up.sql',
        'm/2024-01-01_x/up.sql',
        'sql/V3__add.sql',
        'deploy/add_users.sql',
        'downtime.sql',
        '0001_initial.sql',
      ].map(migrationRole),
    ).toEqual(['up', 'up', 'up', 'up', 'up', 'up']);
    const paths = [
      '1.down.sql',
      '1.up.sql',
      '2.down.sql',
      '2.up.sql',
      'U2__b.sql',
      'V1__a.sql',
      'V2__b.sql',
      'd/down.sql',
      'd/up.sql',
      'orphan.down.sql',
    ];
    expect(historyOrder(paths, (p) => p)).toEqual([
      '1.up.sql',
      '1.down.sql',
      '2.up.sql',
      '2.down.sql',
      'V1__a.sql',
      'V2__b.sql',
      'U2__b.sql',
      'd/up.sql',
      'd/down.sql',
      'orphan.down.sql',
    ]);
  });

  it('timestamp → timestamptz says which case applies; --timezone decides it', () => {
    const sql = 'ALTER TABLE t ALTER COLUMN at TYPE timestamptz;\n';
    const lintWith = (utcSession: boolean | undefined): string | undefined => {
      const history = new LintHistory(utcSession === undefined ? {} : { utcSession });
      history.lint('CREATE TABLE t (id int, at timestamp);\n', '1.sql');
      return history.lint(sql, '2.sql').statements[0]?.findings.find((f) => f.rule === 'changing-column-type-rewrite')
        ?.message;
    };
    expect(lintWith(undefined)).toMatch(
      /free if the session TimeZone is UTC and rewrites every row otherwise; the TimeZone is unknown here.*--timezone/,
    );
    expect(lintWith(false)).toMatch(/the session TimeZone is not UTC/);
    expect(lintWith(true)).toBeUndefined();
  });
});

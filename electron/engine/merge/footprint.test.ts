import { beforeAll, describe, expect, it } from 'vitest';
import type { Touch } from '../../../shared/model/merge.ts';
import { asRevisionId, type Dialect, type Revision } from '../../../shared/model/revision.ts';
import { footprintOf, prepareFootprints } from './footprint.ts';

function revision(upgradeSql: string): Revision {
  return {
    id: asRevisionId('aaaaaaaaaaaa'),
    parents: [],
    dependsOn: [],
    branchLabels: [],
    message: 'm',
    created: undefined,
    transactional: true,
    upgradeSql,
    downgradeSql: undefined,
    upgradeLine: 7,
    downgradeLine: undefined,
    file: 'versions/a.sql',
    lines: { revision: 1, parents: 1, dependsOn: 1, branchLabels: 1 },
    checksum: '',
  };
}

const brief = (touches: readonly Touch[]): string[] =>
  touches.map((t) => `${t.action} ${t.kind} ${t.name}${t.table ? ` (${t.table})` : ''} @${t.line}`);

function footprint(dialect: Dialect, sql: string): ReturnType<typeof footprintOf> {
  return footprintOf(revision(sql), dialect);
}

beforeAll(() => prepareFootprints('postgres'));

describe('footprints on both dialects: the same statements name the same objects', () => {
  const both: readonly { sql: string; touches: string[] }[] = [
    {
      sql: 'CREATE TABLE users (id integer PRIMARY KEY, email text CONSTRAINT users_email_key UNIQUE);',
      touches: [
        'create table users @7',
        'create column users.id (users) @7',
        'create column users.email (users) @7',
        'create constraint users.users_email_key (users) @7',
      ],
    },
    {
      sql: 'ALTER TABLE users ADD COLUMN nickname text;',
      touches: ['alter table users @7', 'create column users.nickname (users) @7'],
    },
    {
      sql: 'ALTER TABLE users DROP COLUMN nickname;',
      touches: ['alter table users @7', 'drop column users.nickname (users) @7'],
    },
    {
      sql: 'ALTER TABLE Users RENAME COLUMN email TO mail;',
      touches: ['alter table users @7', 'drop column users.email (users) @7', 'create column users.mail (users) @7'],
    },
    { sql: 'CREATE UNIQUE INDEX users_mail_idx ON users (mail);', touches: ['create index users_mail_idx (users) @7'] },
    { sql: 'DROP INDEX users_mail_idx;', touches: ['drop index users_mail_idx @7'] },
    { sql: 'CREATE VIEW active_users AS SELECT * FROM users;', touches: ['create view active_users @7'] },
    { sql: 'DROP TABLE IF EXISTS users;', touches: ['drop table users @7'] },
    {
      sql: "INSERT INTO users (id) VALUES (1);\nUPDATE users SET email = 'x';\nDELETE FROM users;",
      touches: ['data table users @7', 'data table users @8', 'data table users @9'],
    },
  ];
  for (const dialect of ['sqlite', 'postgres'] as const) {
    for (const c of both) {
      it(`${dialect}: ${c.sql.split('\n')[0]}`, () => {
        const f = footprint(dialect, c.sql);
        expect(f.opaque).toEqual([]);
        expect(brief(f.touches)).toEqual(c.touches);
      });
    }
  }
});

describe('postgres footprints', () => {
  it('reads enums, constraints, column changes and triggers', () => {
    const sql = [
      "CREATE TYPE mood AS ENUM ('ok');",
      "ALTER TYPE mood ADD VALUE 'sad';",
      'ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age > 0), ALTER COLUMN email SET NOT NULL;',
      'ALTER TABLE billing.invoices ALTER COLUMN total TYPE numeric(14,2);',
      'CREATE TRIGGER touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();',
    ].join('\n');
    expect(brief(footprint('postgres', sql).touches)).toEqual([
      'create type mood @7',
      'alter type mood @8',
      'alter table users @9',
      'create constraint users.users_age_check (users) @9',
      'alter table users @9',
      'alter column users.email (users) @9',
      'alter table billing.invoices @10',
      'alter column billing.invoices.total (billing.invoices) @10',
      'create trigger users.touch (users) @11',
    ]);
    // Created and dropped in the same revision: temporary, not in the footprint.
    expect(footprint('postgres', `${sql}\nDROP TYPE mood;`).touches.some((t) => t.kind === 'type')).toBe(false);
  });

  it('names an enum value added', () => {
    expect(footprint('postgres', "ALTER TYPE mood ADD VALUE 'sad' AFTER 'ok';").touches).toEqual([
      { kind: 'type', name: 'mood', action: 'alter', what: "ADD VALUE 'sad'", line: 7 },
    ]);
  });

  it('says a DO block, dynamic SQL and a parse failure cannot be read', () => {
    const f = footprint(
      'postgres',
      "DO $$ BEGIN EXECUTE 'ALTER TABLE users ADD COLUMN x int'; END $$;\n" +
        'CALL migrate();\nALTER TABLE users ADD COLUM x int;\n',
    );
    expect(f.opaque.map((o) => [o.line, o.reason.split(':')[0]])).toEqual([
      [7, 'a DO block'],
      [8, 'CALL of a procedure'],
      [9, 'the PostgreSQL parser refuses it'],
    ]);
  });
});

describe('sqlite footprints', () => {
  it('a table rebuild is the table dropped and created again; the temporary table is left out', () => {
    const f = footprint(
      'sqlite',
      [
        'CREATE TABLE "new_users" (id INTEGER PRIMARY KEY, email TEXT NOT NULL);',
        'INSERT INTO new_users (id, email) SELECT id, email FROM users;',
        'DROP TABLE users;',
        'ALTER TABLE new_users RENAME TO users;',
      ].join('\n'),
    );
    expect(brief(f.touches)).toEqual(['drop table users @9', 'create table users @10']);
  });

  it('reads quoted names, schemas, triggers and OR clauses', () => {
    const f = footprint(
      'sqlite',
      'CREATE TRIGGER IF NOT EXISTS [audit] AFTER INSERT ON `Users` BEGIN INSERT INTO log VALUES (1); END;\n' +
        'INSERT OR REPLACE INTO main.log VALUES (2);\nUPDATE OR IGNORE "Log" SET x = 1;',
    );
    expect(brief(f.touches)).toEqual(['create trigger audit (users) @7', 'data table log @8', 'data table log @9']);
  });

  it('an unknown schema change is opaque, not passed over', () => {
    expect(footprint('sqlite', 'ALTER TABLE t ALTER COLUMN x TYPE int;').opaque).toEqual([
      { line: 7, reason: 'ALTER TABLE … ALTER: not a form SQLite has' },
    ]);
    expect(footprint('sqlite', 'PRAGMA foreign_keys = ON;\nSELECT 1;').touches).toEqual([]);
  });
});

// The normalized dump on SQLite: the same schema written two ways dumps the same; any real
// difference shows as a different line.
import { describe, expect, it } from 'vitest';
import { dumpCases } from '../../../test/support/dump-cases.ts';
import { SqliteConnection } from '../dialects/sqlite/sqlite-driver.ts';
import { normalizedDump } from './dump.ts';
import { introspectSqlite } from './introspect/sqlite.ts';

async function schemaOf(sql: string) {
  const conn = new SqliteConnection(':memory:');
  try {
    await conn.execute(sql);
    return await introspectSqlite((statement, params) => conn.query(statement, params));
  } finally {
    await conn.close();
  }
}

const BASE =
  `
  CREATE TABLE users (id integer PRIMARY KEY AUTOINCREMENT, email text NOT NULL COLLATE NOCASE, ` +
  `age int CHECK (age >= 0));
  CREATE TABLE posts (id integer PRIMARY KEY, user_id int NOT NULL REFERENCES users (id) ON DELETE CASCADE, ` +
  `title varchar(200) DEFAULT 'untitled');
  CREATE UNIQUE INDEX users_email ON users (lower(email)) WHERE age > 17;
  CREATE VIEW adults AS SELECT id, email FROM users WHERE age >= 18;
  CREATE TRIGGER posts_title AFTER INSERT ON posts BEGIN UPDATE posts SET title = upper(title) WHERE id = new.id; ` +
  `END;`;

// The same schema: other case, quoting, spacing, comments, order of creation.
const SAME = `
  -- users first, in capitals
  create table "posts" ( "id" INTEGER primary key , user_id INT not null references USERS(ID) on delete cascade,
    title VARCHAR( 200 ) default 'untitled' );
  CREATE TABLE [users] (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL COLLATE nocase,
    age INT CHECK(age>=0)
  );
  create unique index users_email on users(LOWER(email)) where AGE>17;
  create view adults as select ID, EMAIL from USERS where AGE >= 18;
  CREATE TRIGGER posts_title AFTER INSERT ON posts
  BEGIN
    UPDATE posts SET title = UPPER(title) WHERE id = NEW.id;
  END;`;

describe('normalizedDump (SQLite)', () => {
  dumpCases(schemaOf, BASE, SAME, [
    ['a default', BASE.replace("DEFAULT 'untitled'", "DEFAULT 'draft'"), "default 'draft'"],
    ['nullability', BASE.replace('email text NOT NULL', 'email text'), 'column email TEXT null'],
    ['a check', BASE.replace('age >= 0', 'age > 0'), 'check (age > 0)'],
    ['an ON DELETE action', BASE.replace('ON DELETE CASCADE', 'ON DELETE SET NULL'), 'on delete set null'],
    ['an index predicate', BASE.replace('WHERE age > 17', 'WHERE age > 20'), 'where age > 20'],
    ['a view query', BASE.replace('age >= 18', 'age >= 21'), 'where age >= 21'],
    ['a column type', BASE.replace('varchar(200)', 'varchar(100)'), 'VARCHAR(100)'],
    ['a collation', BASE.replace('COLLATE NOCASE', 'COLLATE RTRIM'), 'collate RTRIM'],
  ]);

  it('is one block per object, in a fixed order', async () => {
    const dump = normalizedDump(await schemaOf(BASE));
    expect(dump.split('\n\n').map((block) => block.split('\n')[0])).toEqual([
      'dialect sqlite',
      'table main.posts',
      'table main.users',
      'view main.adults',
    ]);
  });
});

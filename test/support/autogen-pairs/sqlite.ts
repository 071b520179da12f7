// SQLite from/to pairs for the round-trip test (electron/engine/autogen/roundtrip.test.ts): every object kind SQLite
// has, the ALTERs it can do in place and the rebuilds it cannot, with rows that must survive.
import type { PairCase } from '../roundtrip.ts';

const USERS = 'CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, age int);';
const USERS_ROWS = "INSERT INTO users VALUES (1, 'a@x', 30), (2, 'b@x', NULL);";
const POSTS =
  'CREATE TABLE posts (id integer PRIMARY KEY, user_id int REFERENCES users (id) ON DELETE CASCADE, title text);';
const POSTS_ROWS = "INSERT INTO posts VALUES (10, 1, 'hello'), (11, 2, 'world');";

/** Rows for a generated column age2 = age * 2 that comes and goes. */
const DOUBLED = {
  insert: USERS_ROWS,
  query: 'SELECT age2 FROM users ORDER BY id',
  rows: [{ age2: 60 }, { age2: null }],
  downQuery: 'SELECT age FROM users ORDER BY id',
  down: [{ age: 30 }, { age: null }],
};

export const sqliteCases: readonly PairCase[] = [
  { name: 'create a table', from: USERS, to: `${USERS} ${POSTS}` },
  { name: 'drop a table', from: `${USERS} ${POSTS}`, to: USERS, expect: { destructive: true } },
  {
    name: 'add a nullable column in place',
    from: USERS,
    to: 'CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, age int, nick text);',
    data: {
      insert: USERS_ROWS,
      query: 'SELECT id, email FROM users ORDER BY id',
      rows: [
        { id: 1, email: 'a@x' },
        { id: 2, email: 'b@x' },
      ],
    },
    expect: { upgrade: ['ALTER TABLE users ADD COLUMN nick TEXT'], transactional: true },
  },
  {
    name: 'add a NOT NULL column with a default in place',
    from: USERS,
    to:
      'CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, ' +
      "age int, role text NOT NULL DEFAULT 'member');",
    data: {
      insert: USERS_ROWS,
      query: 'SELECT role FROM users ORDER BY id',
      rows: [{ role: 'member' }, { role: 'member' }],
      downQuery: 'SELECT count(*) AS n FROM users',
      down: [{ n: 2 }],
    },
    expect: { upgrade: ["ADD COLUMN role TEXT NOT NULL DEFAULT 'member'"] },
  },
  {
    name: 'add a column with a non-constant default by rebuilding',
    from: USERS,
    to:
      'CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, ' +
      "age int, created text DEFAULT (datetime('now')));",
    data: {
      insert: USERS_ROWS,
      query: 'SELECT id, email, age FROM users ORDER BY id',
      rows: [
        { id: 1, email: 'a@x', age: 30 },
        { id: 2, email: 'b@x', age: null },
      ],
    },
    expect: { upgrade: ['CREATE TABLE strata_new_users'] },
  },
  {
    name: 'add a column that references another table in place',
    from: `${USERS} CREATE TABLE posts (id integer PRIMARY KEY, title text);`,
    to: `${USERS} CREATE TABLE posts (id integer PRIMARY KEY, title text, user_id int REFERENCES users (id));`,
    expect: { upgrade: ['ADD COLUMN user_id INT REFERENCES users (id)'] },
  },
  {
    name: 'drop a column in place',
    from: USERS,
    to: 'CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);',
    data: {
      insert: USERS_ROWS,
      query: 'SELECT id, email FROM users ORDER BY id',
      rows: [
        { id: 1, email: 'a@x' },
        { id: 2, email: 'b@x' },
      ],
    },
    expect: { destructive: true, upgrade: ['ALTER TABLE users DROP COLUMN age'] },
  },
  {
    name: 'drop an indexed column (index first, then in place)',
    from: `${USERS} CREATE INDEX users_age ON users (age);`,
    to: 'CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);',
    expect: { destructive: true, upgrade: ['DROP INDEX users_age', 'DROP COLUMN age'] },
  },
  {
    name: 'change a column type by rebuilding, rows kept',
    from: USERS,
    to: 'CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, age real);',
    data: {
      insert: USERS_ROWS,
      query: 'SELECT id, email, age FROM users ORDER BY id',
      rows: [
        { id: 1, email: 'a@x', age: 30 },
        { id: 2, email: 'b@x', age: null },
      ],
    },
    expect: {
      destructive: true,
      transactional: true,
      upgrade: ['INSERT INTO strata_new_users (id, email, age) SELECT id, email, age FROM users'],
    },
  },
  {
    name: 'make a column nullable, and back',
    from: USERS,
    to: 'CREATE TABLE users (id integer PRIMARY KEY, email text, age int);',
    data: {
      insert: USERS_ROWS,
      query: 'SELECT email FROM users ORDER BY id',
      rows: [{ email: 'a@x' }, { email: 'b@x' }],
    },
  },
  {
    name: 'change a default and a collation',
    from: USERS,
    to: 'CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL COLLATE NOCASE, age int DEFAULT 18);',
    data: {
      insert: USERS_ROWS,
      query: 'SELECT email, age FROM users ORDER BY id',
      rows: [
        { email: 'a@x', age: 30 },
        { email: 'b@x', age: null },
      ],
    },
  },
  {
    name: 'add a virtual generated column in place',
    from: USERS,
    to:
      'CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, ' +
      'age int, age2 int GENERATED ALWAYS AS (age * 2) VIRTUAL);',
    data: DOUBLED,
  },
  {
    name: 'add a stored generated column by rebuilding',
    from: USERS,
    to:
      'CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, ' +
      'age int, age2 int GENERATED ALWAYS AS (age * 2) STORED);',
    data: DOUBLED,
  },
  {
    name: 'rename a table when told, rows and references kept',
    from: `${USERS} ${POSTS}`,
    to:
      'CREATE TABLE members (id integer PRIMARY KEY, email text NOT NULL, ' +
      'age int); CREATE TABLE posts (id integer PRIMARY KEY, ' +
      'user_id int REFERENCES members (id) ON DELETE CASCADE, title text);',
    renames: { tables: [{ from: 'users', to: 'members' }] },
    data: {
      insert: USERS_ROWS + POSTS_ROWS,
      query: 'SELECT m.email, p.title FROM members m JOIN posts p ON p.user_id = m.id ORDER BY p.id',
      rows: [
        { email: 'a@x', title: 'hello' },
        { email: 'b@x', title: 'world' },
      ],
      downQuery: 'SELECT u.email, p.title FROM users u JOIN posts p ON p.user_id = u.id ORDER BY p.id',
    },
    expect: { destructive: false, upgrade: ['ALTER TABLE users RENAME TO members'] },
  },
  {
    name: 'a table rename not decided is a drop and an add, reported',
    from: USERS,
    to: 'CREATE TABLE members (id integer PRIMARY KEY, email text NOT NULL, age int);',
    expect: { destructive: true, candidates: ['users=members'] },
  },
  {
    name: 'rename a column when told, rows kept',
    from: USERS,
    to: 'CREATE TABLE users (id integer PRIMARY KEY, mail text NOT NULL, age int);',
    renames: { columns: [{ table: 'users', from: 'email', to: 'mail' }] },
    data: {
      insert: USERS_ROWS,
      query: 'SELECT mail FROM users ORDER BY id',
      rows: [{ mail: 'a@x' }, { mail: 'b@x' }],
      downQuery: 'SELECT email FROM users ORDER BY id',
      down: [{ email: 'a@x' }, { email: 'b@x' }],
    },
    expect: { destructive: false, upgrade: ['ALTER TABLE users RENAME COLUMN email TO mail'] },
  },
  {
    name: 'a column rename not decided is a drop and an add, reported',
    from: USERS,
    to: 'CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, years int);',
    expect: { destructive: true, candidates: ['users.age=years'] },
  },
  {
    name: 'add and drop a unique constraint',
    from: USERS,
    to: 'CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL UNIQUE, age int);',
    data: { insert: USERS_ROWS, query: 'SELECT count(*) AS n FROM users', rows: [{ n: 2 }] },
  },
  {
    name: 'add a foreign key to an existing column by rebuilding',
    from: `${USERS} CREATE TABLE posts (id integer PRIMARY KEY, user_id int, title text);`,
    to: `${USERS} ${POSTS}`,
    data: {
      insert: USERS_ROWS + POSTS_ROWS,
      query: 'SELECT id, user_id, title FROM posts ORDER BY id',
      rows: [
        { id: 10, user_id: 1, title: 'hello' },
        { id: 11, user_id: 2, title: 'world' },
      ],
    },
    expect: { transactional: true },
  },
  {
    name: 'rebuild a referenced table outside a transaction, the referencing rows kept',
    from: `${USERS} ${POSTS}`,
    to: `CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, age real); ${POSTS}`,
    data: {
      insert: USERS_ROWS + POSTS_ROWS,
      query: 'SELECT p.id, u.email FROM posts p JOIN users u ON u.id = p.user_id ORDER BY p.id',
      rows: [
        { id: 10, email: 'a@x' },
        { id: 11, email: 'b@x' },
      ],
    },
    expect: { transactional: false, upgrade: ['PRAGMA foreign_keys = OFF', 'PRAGMA foreign_keys = ON'] },
  },
  {
    name: 'rebuild a self-referencing table outside a transaction',
    from: 'CREATE TABLE node (id integer PRIMARY KEY, parent int REFERENCES node (id) ON DELETE CASCADE, label text);',
    to:
      'CREATE TABLE node (id integer PRIMARY KEY, ' +
      'parent int REFERENCES node (id) ON DELETE CASCADE, label text NOT NULL);',
    data: {
      insert: "INSERT INTO node VALUES (1, NULL, 'root'), (2, 1, 'leaf');",
      query: 'SELECT id, parent, label FROM node ORDER BY id',
      rows: [
        { id: 1, parent: null, label: 'root' },
        { id: 2, parent: 1, label: 'leaf' },
      ],
    },
    expect: { transactional: false },
  },
  {
    name: 'add and change checks',
    from: `${USERS}`,
    to:
      'CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, ' +
      "age int CHECK (age >= 0), CONSTRAINT email_at CHECK (email LIKE '%@%'));",
    data: { insert: USERS_ROWS, query: 'SELECT count(*) AS n FROM users', rows: [{ n: 2 }] },
  },
  {
    name: 'indexes: unique, partial, expression, descending, dropped',
    from: `${USERS} CREATE INDEX users_old ON users (age);`,
    to:
      `${USERS} CREATE UNIQUE INDEX users_email ON users (email); CREATE INDEX users_adult ON users (age DESC) ` +
      `WHERE age >= 18; CREATE INDEX users_lower ON users (lower(email));`,
  },
  {
    name: 'change a primary key and a composite foreign key with actions',
    from: 'CREATE TABLE a (x int, y int, PRIMARY KEY (x)); CREATE TABLE b (id integer PRIMARY KEY, x int, y int);',
    to:
      'CREATE TABLE a (x int, y int, PRIMARY KEY (x, y)); CREATE TABLE b (id integer PRIMARY KEY, ' +
      'x int, y int, FOREIGN KEY (x, y) REFERENCES a (x, y) ON DELETE SET NULL ON UPDATE CASCADE);',
    data: {
      insert: 'INSERT INTO a VALUES (1, 2); INSERT INTO b VALUES (1, 1, 2);',
      query: 'SELECT x, y FROM b',
      rows: [{ x: 1, y: 2 }],
    },
  },
  {
    name: 'autoincrement, STRICT and WITHOUT ROWID tables',
    from: 'CREATE TABLE t (id integer PRIMARY KEY, v text); CREATE TABLE k (a text PRIMARY KEY, b int);',
    to:
      'CREATE TABLE t (id integer PRIMARY KEY AUTOINCREMENT, v text) ' +
      'STRICT; CREATE TABLE k (a text PRIMARY KEY, b int) WITHOUT ROWID;',
    data: {
      insert: "INSERT INTO t VALUES (5, 'five'); INSERT INTO k VALUES ('a', 1);",
      query: 'SELECT * FROM t',
      rows: [{ id: 5, v: 'five' }],
    },
  },
  {
    name: 'create, change and drop views',
    from:
      `${USERS} CREATE VIEW adults AS SELECT id, ` +
      `email FROM users WHERE age >= 18; CREATE VIEW gone AS SELECT 1 AS one;`,
    to:
      `${USERS} CREATE VIEW adults AS SELECT id, email, ` +
      `age FROM users WHERE age >= 21; CREATE VIEW emails AS SELECT email FROM adults;`,
  },
  {
    name: 'a view over a rebuilt table is dropped and created around the rebuild',
    from:
      `${USERS} CREATE VIEW adults AS SELECT id, email FROM users WHERE age >= 18; ` +
      `CREATE VIEW adult_ids AS SELECT id FROM adults;`,
    to:
      `CREATE TABLE users (id integer PRIMARY KEY, email text, age int); CREATE VIEW adults AS SELECT id, ` +
      `email FROM users WHERE age >= 18; CREATE VIEW adult_ids AS SELECT id FROM adults;`,
    data: { insert: USERS_ROWS, query: 'SELECT * FROM adult_ids', rows: [{ id: 1 }] },
    expect: { upgrade: ['DROP VIEW adult_ids'] },
  },
  {
    name: 'create, change and drop triggers, and keep one across a rebuild',
    from:
      `${USERS} CREATE TABLE log (msg text); ` +
      `CREATE TRIGGER users_ins AFTER INSERT ON users BEGIN INSERT INTO log VALUES ('ins'); END; ` +
      `CREATE TRIGGER users_del AFTER DELETE ON users BEGIN INSERT INTO log VALUES ('del'); END;`,
    to:
      `CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, age real); CREATE TABLE log (msg text); ` +
      `CREATE TRIGGER users_ins AFTER INSERT ON users BEGIN INSERT INTO log VALUES ('ins'); END; ` +
      `CREATE TRIGGER users_upd AFTER UPDATE ON users BEGIN INSERT INTO log VALUES ('upd'); END;`,
    data: { insert: USERS_ROWS, query: 'SELECT count(*) AS n FROM log', rows: [{ n: 2 }] },
  },
  {
    name: 'an INSTEAD OF trigger on a view',
    from: `${USERS} CREATE VIEW v AS SELECT id, email FROM users;`,
    to:
      `${USERS} CREATE VIEW v AS SELECT id, email FROM users; ` +
      `CREATE TRIGGER v_ins INSTEAD OF INSERT ON v BEGIN INSERT INTO users (id, ` +
      `email) VALUES (NEW.id, NEW.email); END;`,
  },
  {
    name: 'a release: rename, rebuild, new table, index, view and trigger at once',
    from:
      `${USERS} ${POSTS} CREATE INDEX posts_title ON posts (title); ` +
      `CREATE VIEW titles AS SELECT p.title, u.email FROM posts p JOIN users u ON u.id = p.user_id;`,
    to:
      `CREATE TABLE members (id integer PRIMARY KEY, email text NOT NULL, age real);
      CREATE TABLE posts (id integer PRIMARY KEY, user_id int REFERENCES members (id) ON DELETE CASCADE, ` +
      `title text NOT NULL DEFAULT '', body text);
      CREATE TABLE tags (post_id int REFERENCES posts (id) ON DELETE CASCADE, tag text NOT NULL, ` +
      `PRIMARY KEY (post_id, tag));
      CREATE INDEX posts_user ON posts (user_id);
      CREATE VIEW titles AS SELECT p.title, m.email FROM posts p JOIN members m ON m.id = p.user_id;
      CREATE TRIGGER posts_gone AFTER DELETE ON posts BEGIN DELETE FROM tags WHERE post_id = OLD.id; END;`,
    renames: { tables: [{ from: 'users', to: 'members' }] },
    data: {
      insert: USERS_ROWS + POSTS_ROWS,
      query: 'SELECT title, email FROM titles ORDER BY title',
      rows: [
        { title: 'hello', email: 'a@x' },
        { title: 'world', email: 'b@x' },
      ],
    },
    expect: { transactional: false },
  },
  {
    name: 'a parent dropped while its child is rebuilt without the reference',
    from: `${USERS} ${POSTS}`,
    to: 'CREATE TABLE posts (id integer PRIMARY KEY, user_id int, title text);',
    data: {
      insert: USERS_ROWS + POSTS_ROWS,
      query: 'SELECT id, user_id, title FROM posts ORDER BY id',
      rows: [
        { id: 10, user_id: 1, title: 'hello' },
        { id: 11, user_id: 2, title: 'world' },
      ],
      // The users are gone for good: the downgrade's foreign key would refuse these rows.
      beforeDowngrade: 'UPDATE posts SET user_id = NULL;',
      down: [
        { id: 10, user_id: null, title: 'hello' },
        { id: 11, user_id: null, title: 'world' },
      ],
    },
    expect: { destructive: true },
  },
];

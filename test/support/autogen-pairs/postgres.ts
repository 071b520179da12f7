// PostgreSQL from/to pairs for the round-trip test (electron/engine/autogen/roundtrip.pg.test.ts): every object kind
// of the schema model, in the safe forms the renderer uses on existing tables, with rows that
// must survive renames and type changes.
import type { PairCase } from '../roundtrip.ts';
import { postgresKindCases } from './postgres-kinds.ts';

const USERS = 'CREATE TABLE users (id int PRIMARY KEY, email varchar(100) NOT NULL, age int);';
const USERS_ROWS = "INSERT INTO users VALUES (1, 'a@x', 30), (2, 'b@x', NULL);";
const POSTS = 'CREATE TABLE posts (id int PRIMARY KEY, user_id int, title text);';
const POSTS_ROWS = "INSERT INTO posts VALUES (10, 1, 'hello'), (11, 2, 'world');";
const BOTH = USERS + POSTS;
const BOTH_ROWS = USERS_ROWS + POSTS_ROWS;
const FK = 'ALTER TABLE posts ADD CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id)';
const TOUCH =
  `CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.age := coalesce(NEW.age, ` +
  `0); RETURN NEW; END $$;`;
const MOOD = "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');";
const users = (columns: string, extra = ''): string => `CREATE TABLE users (${columns});${extra}`;
const emails = (rows: unknown[]) => ({ insert: USERS_ROWS, query: 'SELECT id, email FROM users ORDER BY id', rows });
const KEPT = emails([
  { id: 1, email: 'a@x' },
  { id: 2, email: 'b@x' },
]);

const tables: PairCase[] = [
  { name: 'create a table', from: USERS, to: BOTH },
  { name: 'drop a table', from: BOTH, to: USERS, expect: { destructive: true } },
  {
    name: 'create tables that reference each other',
    from: '',
    to:
      'CREATE TABLE a (id int PRIMARY KEY, b_id int); CREATE TABLE b (id int PRIMARY KEY, ' +
      'a_id int REFERENCES a); ALTER TABLE a ADD CONSTRAINT a_b FOREIGN KEY (b_id) REFERENCES b;',
  },
  { name: 'drop a table another one references', from: `${BOTH} ${FK};`, to: POSTS, expect: { destructive: true } },
  {
    name: 'rename a table when told, rows and references kept',
    from: `${BOTH} ${FK};`,
    to:
      `CREATE TABLE members (id int PRIMARY KEY, email varchar(100) NOT NULL, age int); ` +
      `${POSTS} ALTER TABLE posts ADD CONSTRAINT posts_user_fk FOREIGN KEY (user_id) ` +
      `REFERENCES members (id); ALTER TABLE members RENAME CONSTRAINT members_pkey TO users_pkey;`,
    renames: { tables: [{ from: 'users', to: 'members' }] },
    data: {
      insert: BOTH_ROWS,
      query: 'SELECT m.email, p.title FROM members m JOIN posts p ON p.user_id = m.id ORDER BY p.id',
      rows: [
        { email: 'a@x', title: 'hello' },
        { email: 'b@x', title: 'world' },
      ],
      downQuery: 'SELECT count(*)::int AS n FROM users',
      down: [{ n: 2 }],
    },
    expect: { destructive: false, upgrade: ['ALTER TABLE users RENAME TO members'] },
  },
  {
    name: 'rename a table and its primary key constraint',
    from: USERS,
    to: 'CREATE TABLE members (id int PRIMARY KEY, email varchar(100) NOT NULL, age int);',
    renames: { tables: [{ from: 'users', to: 'members' }] },
    data: {
      insert: USERS_ROWS,
      query: 'SELECT count(*)::int AS n FROM members',
      rows: [{ n: 2 }],
      downQuery: 'SELECT count(*)::int AS n FROM users',
    },
    expect: { upgrade: ['RENAME CONSTRAINT users_pkey TO members_pkey'] },
  },
  {
    name: 'a table rename not decided is a drop and an add, reported',
    from: USERS,
    to: 'CREATE TABLE members (id int PRIMARY KEY, email varchar(100) NOT NULL, age int);',
    expect: { destructive: true, candidates: ['users=members'] },
  },
  {
    name: 'tables in another schema',
    from: USERS,
    to:
      `${USERS} CREATE SCHEMA billing; CREATE TABLE billing.invoices (id int PRIMARY KEY, ` +
      `user_id int REFERENCES public.users);`,
  },
  {
    name: 'drop a schema with its table',
    from: `${USERS} CREATE SCHEMA billing; CREATE TABLE billing.invoices (id int);`,
    to: USERS,
    expect: { destructive: true },
  },
  {
    name: 'rename a table in another schema',
    from: 'CREATE SCHEMA app; CREATE TABLE app.t (id int);',
    to: 'CREATE SCHEMA app; CREATE TABLE app.u (id int);',
    renames: { tables: [{ from: 'app.t', to: 'app.u' }] },
    data: {
      insert: 'INSERT INTO app.t VALUES (7);',
      query: 'SELECT id FROM app.u',
      rows: [{ id: 7 }],
      downQuery: 'SELECT id FROM app.t',
    },
  },
];

const columns: PairCase[] = [
  {
    name: 'add a nullable column',
    from: USERS,
    to: users('id int PRIMARY KEY, email varchar(100) NOT NULL, age int, nick text'),
    data: KEPT,
  },
  {
    name: 'add a NOT NULL column with a default',
    from: USERS,
    to: users("id int PRIMARY KEY, email varchar(100) NOT NULL, age int, role text NOT NULL DEFAULT 'member'"),
    data: {
      insert: USERS_ROWS,
      query: 'SELECT role FROM users ORDER BY id',
      rows: [{ role: 'member' }, { role: 'member' }],
      downQuery: 'SELECT count(*)::int AS n FROM users',
      down: [{ n: 2 }],
    },
  },
  {
    name: 'drop a column',
    from: USERS,
    to: users('id int PRIMARY KEY, email varchar(100) NOT NULL'),
    data: KEPT,
    expect: { destructive: true },
  },
  {
    name: 'widen a varchar, rows kept',
    from: USERS,
    to: users('id int PRIMARY KEY, email varchar(200) NOT NULL, age int'),
    data: KEPT,
    expect: {
      destructive: false,
      upgrade: ['ALTER TABLE users ALTER COLUMN email TYPE character varying(200) USING email::character varying(200)'],
    },
  },
  {
    name: 'int to bigint, rows kept',
    from: USERS,
    to: users('id bigint PRIMARY KEY, email varchar(100) NOT NULL, age int'),
    data: {
      insert: USERS_ROWS,
      query: 'SELECT id::int AS id, email FROM users ORDER BY id',
      rows: [
        { id: 1, email: 'a@x' },
        { id: 2, email: 'b@x' },
      ],
    },
    expect: { destructive: false, upgrade: ['ALTER TABLE users ALTER COLUMN id TYPE bigint USING id::bigint'] },
  },
  {
    name: 'text to integer through USING',
    from: 'CREATE TABLE t (id int, code text);',
    to: 'CREATE TABLE t (id int, code integer);',
    data: {
      insert: "INSERT INTO t VALUES (1, '42');",
      query: 'SELECT code FROM t',
      rows: [{ code: 42 }],
      down: [{ code: '42' }],
    },
    expect: { destructive: true, upgrade: ['USING code::integer'] },
  },
  {
    name: 'numeric precision',
    from: 'CREATE TABLE t (amount numeric(10,2));',
    to: 'CREATE TABLE t (amount numeric(12,2));',
    data: { insert: 'INSERT INTO t VALUES (12.5);', query: 'SELECT amount::text AS a FROM t', rows: [{ a: '12.50' }] },
    expect: { destructive: false },
  },
  {
    name: 'timestamp to timestamptz',
    from: 'CREATE TABLE t (at timestamp);',
    to: 'CREATE TABLE t (at timestamptz);',
    expect: { destructive: false },
  },
  {
    name: 'set NOT NULL through a validated check',
    from: USERS,
    to: users('id int PRIMARY KEY, email varchar(100) NOT NULL, age int NOT NULL'),
    data: { insert: "INSERT INTO users VALUES (1, 'a@x', 30);", query: 'SELECT age FROM users', rows: [{ age: 30 }] },
    expect: {
      transactional: false,
      upgrade: [
        'CHECK (age IS NOT NULL) NOT VALID',
        'VALIDATE CONSTRAINT users_age_strata_nn',
        'SET NOT NULL',
        'DROP CONSTRAINT users_age_strata_nn',
      ],
    },
  },
  { name: 'drop NOT NULL', from: USERS, to: users('id int PRIMARY KEY, email varchar(100), age int'), data: KEPT },
  {
    name: 'set and drop defaults',
    from: `${USERS} ALTER TABLE users ALTER age SET DEFAULT 1;`,
    to: users("id int PRIMARY KEY, email varchar(100) NOT NULL DEFAULT 'none', age int"),
    data: KEPT,
  },
  {
    name: 'a type change with a default',
    from: 'CREATE TABLE t (n int DEFAULT 1);',
    to: "CREATE TABLE t (n text DEFAULT 'one');",
    data: { insert: 'INSERT INTO t VALUES (5);', query: 'SELECT n FROM t', rows: [{ n: '5' }], down: [{ n: 5 }] },
  },
  {
    name: 'change a collation',
    from: 'CREATE TABLE t (name text);',
    to: 'CREATE TABLE t (name text COLLATE "C");',
    data: { insert: "INSERT INTO t VALUES ('x');", query: 'SELECT name FROM t', rows: [{ name: 'x' }] },
  },
  {
    name: 'add an identity to a column',
    from: 'CREATE TABLE t (id int NOT NULL, v text);',
    to: 'CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY, v text);',
    data: { insert: "INSERT INTO t VALUES (1, 'a');", query: 'SELECT id FROM t', rows: [{ id: 1 }] },
  },
  {
    name: 'change an identity generation',
    from: 'CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY, v text);',
    to: 'CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY, v text);',
  },
  {
    name: 'change identity options',
    from: 'CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY, v text);',
    to: 'CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY (START WITH 100 INCREMENT BY 5), v text);',
  },
  {
    name: 'add a new identity column',
    from: 'CREATE TABLE t (v text);',
    to: 'CREATE TABLE t (v text, id bigint GENERATED ALWAYS AS IDENTITY);',
  },
  {
    name: 'a generated column added and its expression changed',
    from: 'CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED);',
    to: 'CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 3) STORED, c int GENERATED ALWAYS AS (a + 1) STORED);',
    data: {
      insert: 'INSERT INTO t (a) VALUES (2);',
      query: 'SELECT a, b, c FROM t',
      rows: [{ a: 2, b: 6, c: 3 }],
      downQuery: 'SELECT a, b FROM t',
      down: [{ a: 2, b: 4 }],
    },
  },
  {
    name: 'a generated column made plain',
    from: 'CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED);',
    to: 'CREATE TABLE t (a int, b int);',
    data: { insert: 'INSERT INTO t (a) VALUES (2);', query: 'SELECT b FROM t', rows: [{ b: 4 }] },
  },
  {
    name: 'rename a column when told, rows kept',
    from: USERS,
    to: users('id int PRIMARY KEY, mail varchar(100) NOT NULL, age int'),
    renames: { columns: [{ table: 'users', from: 'email', to: 'mail' }] },
    data: {
      insert: USERS_ROWS,
      query: 'SELECT mail FROM users ORDER BY id',
      rows: [{ mail: 'a@x' }, { mail: 'b@x' }],
      downQuery: 'SELECT email FROM users ORDER BY id',
      down: [{ email: 'a@x' }, { email: 'b@x' }],
    },
    expect: { destructive: false },
  },
  {
    name: 'a column rename not decided is a drop and an add, reported',
    from: USERS,
    to: users('id int PRIMARY KEY, email varchar(100) NOT NULL, years int'),
    expect: { destructive: true, candidates: ['users.age=years'] },
  },
  {
    name: 'rename a column that an expression index uses',
    from: `${USERS} CREATE INDEX users_lower ON users (lower(email));`,
    to:
      `${users('id int PRIMARY KEY, mail varchar(100) NOT NULL, age int')} ` +
      `CREATE INDEX users_lower ON users (lower(mail));`,
    renames: { columns: [{ table: 'users', from: 'email', to: 'mail' }] },
  },
  {
    name: 'column and table comments',
    from: USERS,
    to: `${USERS} COMMENT ON TABLE users IS 'people'; COMMENT ON COLUMN users.email IS 'login';`,
  },
  {
    name: 'a quoted mixed-case column',
    from: 'CREATE TABLE t (id int);',
    to: 'CREATE TABLE t (id int, "CamelCase" text, "order" int);',
  },
];

const constraints: PairCase[] = [
  {
    name: 'add a foreign key NOT VALID, then validate',
    from: BOTH,
    to: `${BOTH} ${FK};`,
    data: { insert: BOTH_ROWS, query: 'SELECT count(*)::int AS n FROM posts', rows: [{ n: 2 }] },
    expect: { transactional: false, upgrade: ['NOT VALID', 'VALIDATE CONSTRAINT posts_user_fk'] },
  },
  { name: 'drop a foreign key', from: `${BOTH} ${FK};`, to: BOTH },
  {
    name: 'change foreign key actions',
    from: `${BOTH} ${FK};`,
    to: `${BOTH} ${FK} ON DELETE CASCADE ON UPDATE SET NULL;`,
  },
  { name: 'a deferrable foreign key', from: BOTH, to: `${BOTH} ${FK} DEFERRABLE INITIALLY DEFERRED;` },
  { name: 'a foreign key left NOT VALID', from: BOTH, to: `${BOTH} ${FK} NOT VALID;` },
  {
    name: 'a composite foreign key with MATCH FULL',
    from: 'CREATE TABLE a (x int, y int, PRIMARY KEY (x, y)); CREATE TABLE b (x int, y int);',
    to:
      'CREATE TABLE a (x int, y int, PRIMARY KEY (x, y)); CREATE TABLE b (x int, ' +
      'y int, CONSTRAINT b_a FOREIGN KEY (x, y) REFERENCES a MATCH FULL);',
  },
  {
    name: 'add a check NOT VALID, then validate',
    from: USERS,
    to: `${USERS} ALTER TABLE users ADD CONSTRAINT age_ok CHECK (age >= 0);`,
    data: KEPT,
    expect: { transactional: false, upgrade: ['CHECK (age >= 0) NOT VALID', 'VALIDATE CONSTRAINT age_ok'] },
  },
  {
    name: 'change a check',
    from: `${USERS} ALTER TABLE users ADD CONSTRAINT age_ok CHECK (age >= 0);`,
    to: `${USERS} ALTER TABLE users ADD CONSTRAINT age_ok CHECK (age >= 18);`,
    data: KEPT,
  },
  {
    name: 'add a unique constraint through a concurrent index',
    from: USERS,
    to: `${USERS} ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);`,
    data: KEPT,
    expect: {
      transactional: false,
      upgrade: ['CREATE UNIQUE INDEX CONCURRENTLY users_email_key', 'UNIQUE USING INDEX users_email_key'],
    },
  },
  {
    name: 'a unique constraint NULLS NOT DISTINCT and deferrable',
    from: USERS,
    to:
      `${USERS} ALTER TABLE users ADD CONSTRAINT u_email UNIQUE NULLS NOT DISTINCT (email); ` +
      `ALTER TABLE users ADD CONSTRAINT u_age UNIQUE (age) DEFERRABLE;`,
  },
  {
    name: 'drop a unique constraint',
    from: `${USERS} ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);`,
    to: USERS,
  },
  {
    name: 'add a primary key through a concurrent index',
    from: 'CREATE TABLE t (id int NOT NULL, v text);',
    to: 'CREATE TABLE t (id int PRIMARY KEY, v text);',
    data: { insert: "INSERT INTO t VALUES (1, 'a');", query: 'SELECT v FROM t', rows: [{ v: 'a' }] },
    expect: { upgrade: ['PRIMARY KEY USING INDEX t_pkey'] },
  },
  {
    name: 'replace a primary key a foreign key depends on',
    from: 'CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (a_id int REFERENCES a);',
    to: 'CREATE TABLE a (id int NOT NULL, CONSTRAINT a_pkey UNIQUE (id)); CREATE TABLE b (a_id int REFERENCES a (id));',
    data: {
      insert: 'INSERT INTO a VALUES (1); INSERT INTO b VALUES (1);',
      query: 'SELECT a_id FROM b',
      rows: [{ a_id: 1 }],
    },
    expect: { upgrade: ['ALTER TABLE b DROP CONSTRAINT b_a_id_fkey'] },
  },
  {
    name: 'change a primary key',
    from: 'CREATE TABLE t (a int NOT NULL, b int NOT NULL, PRIMARY KEY (a));',
    to: 'CREATE TABLE t (a int NOT NULL, b int NOT NULL, PRIMARY KEY (a, b));',
  },
  {
    name: 'rename a constraint',
    from: `${USERS} ALTER TABLE users ADD CONSTRAINT age_ok CHECK (age >= 0);`,
    to: `${USERS} ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age >= 0);`,
    expect: { upgrade: ['RENAME CONSTRAINT age_ok TO age_positive'] },
  },
];

const indexes: PairCase[] = [
  {
    name: 'create an index concurrently',
    from: USERS,
    to: `${USERS} CREATE INDEX users_age ON users (age);`,
    expect: { transactional: false, upgrade: ['CREATE INDEX CONCURRENTLY users_age ON users (age)'] },
  },
  {
    name: 'drop an index concurrently',
    from: `${USERS} CREATE INDEX users_age ON users (age);`,
    to: USERS,
    expect: { transactional: false, upgrade: ['DROP INDEX CONCURRENTLY users_age'] },
  },
  {
    name: 'an index on a new table, in a transaction',
    from: '',
    to: `${USERS} CREATE INDEX users_age ON users (age);`,
    expect: { transactional: true },
  },
  {
    name: 'a unique partial index',
    from: USERS,
    to: `${USERS} CREATE UNIQUE INDEX users_adult_email ON users (email) WHERE age >= 18;`,
  },
  {
    name: 'an expression index',
    from: USERS,
    to: `${USERS} CREATE INDEX users_lower ON users (lower(email)); CREATE INDEX users_sum ON users ((age + id));`,
  },
  {
    name: 'DESC, NULLS FIRST and INCLUDE',
    from: USERS,
    to: `${USERS} CREATE INDEX users_x ON users (age DESC NULLS LAST, email NULLS FIRST) INCLUDE (id);`,
  },
  {
    name: 'hash and gin methods',
    from: 'CREATE TABLE d (id int, tags text[], body jsonb);',
    to:
      'CREATE TABLE d (id int, tags text[], body jsonb); CREATE INDEX d_id ON d USING hash (id); ' +
      'CREATE INDEX d_tags ON d USING gin (tags); CREATE INDEX d_body ON d USING gin (body jsonb_path_ops);',
  },
  {
    name: 'an index with NULLS NOT DISTINCT and a collation',
    from: USERS,
    to: `${USERS} CREATE UNIQUE INDEX users_e ON users (email COLLATE "C") NULLS NOT DISTINCT;`,
  },
  {
    name: 'change an index',
    from: `${USERS} CREATE INDEX users_age ON users (age);`,
    to: `${USERS} CREATE INDEX users_age ON users (age, email);`,
  },
  {
    name: 'rename an index',
    from: `${USERS} CREATE INDEX users_age ON users (age);`,
    to: `${USERS} CREATE INDEX users_age_idx ON users (age);`,
    expect: { upgrade: ['ALTER INDEX users_age RENAME TO users_age_idx'] },
  },
];

const types: PairCase[] = [
  {
    name: 'create an extension and a column of its type',
    from: USERS,
    to: `CREATE EXTENSION citext; ${users('id int PRIMARY KEY, email varchar(100) NOT NULL, age int, nick citext')}`,
    data: KEPT,
    expect: { upgrade: ['CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public'] },
  },
  {
    name: 'an extension installed in its own schema',
    from: USERS,
    to:
      `CREATE SCHEMA ext; CREATE EXTENSION hstore WITH SCHEMA ext; ` +
      users('id int PRIMARY KEY, email varchar(100) NOT NULL, age int, attrs ext.hstore'),
    data: KEPT,
  },
  {
    name: 'create an enum and a column of it',
    from: USERS,
    to: `${MOOD} ${users('id int PRIMARY KEY, email varchar(100) NOT NULL, age int, mood mood')}`,
  },
  {
    name: 'drop an enum with its column',
    from: `${MOOD} ${users('id int PRIMARY KEY, email varchar(100) NOT NULL, age int, mood mood')}`,
    to: USERS,
    expect: { destructive: true },
  },
  {
    name: 'add enum values in place',
    from: `${MOOD} CREATE TABLE t (m mood);`,
    to: "CREATE TYPE mood AS ENUM ('sad', 'meh', 'ok', 'happy', 'elated'); CREATE TABLE t (m mood);",
    data: { insert: "INSERT INTO t VALUES ('ok');", query: 'SELECT m FROM t', rows: [{ m: 'ok' }] },
    expect: { upgrade: ["ADD VALUE 'meh' BEFORE 'ok'", "ADD VALUE 'elated' AFTER 'happy'"] },
  },
  {
    name: 'an added enum value used as a default runs outside a transaction',
    from: `${MOOD} CREATE TABLE t (m mood);`,
    to: "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'new'); CREATE TABLE t (m mood DEFAULT 'new');",
    expect: { transactional: false },
  },
  {
    name: 'remove an enum value by swapping the type, rows kept',
    from: `${MOOD} CREATE TABLE t (m mood DEFAULT 'ok', ms mood[]);`,
    to: "CREATE TYPE mood AS ENUM ('sad', 'ok'); CREATE TABLE t (m mood DEFAULT 'ok', ms mood[]);",
    data: {
      insert: "INSERT INTO t VALUES ('sad', '{ok}');",
      query: 'SELECT m::text AS m, ms::text AS ms FROM t',
      rows: [{ m: 'sad', ms: '{ok}' }],
    },
    expect: { destructive: true },
  },
  { name: 'reorder enum values', from: MOOD, to: "CREATE TYPE mood AS ENUM ('happy', 'ok', 'sad');" },
  { name: 'an enum comment', from: MOOD, to: `${MOOD} COMMENT ON TYPE mood IS 'feelings';` },
  {
    name: 'create and drop sequences',
    from: 'CREATE SEQUENCE old_seq;',
    to: 'CREATE SEQUENCE invoice_no AS integer START WITH 1000 INCREMENT BY 10 CACHE 5 CYCLE;',
  },
  {
    name: 'alter a sequence',
    from: 'CREATE SEQUENCE s;',
    to: "CREATE SEQUENCE s INCREMENT BY 2 MAXVALUE 1000 NO CYCLE; COMMENT ON SEQUENCE s IS 'counter';",
  },
  {
    name: 'a serial column and its owned sequence',
    from: 'CREATE TABLE t (v text);',
    to: 'CREATE TABLE t (v text, id serial);',
  },
  { name: 'a table with a serial key', from: '', to: 'CREATE TABLE t (id serial PRIMARY KEY, v text);' },
  {
    name: 'drop a table with a serial key',
    from: 'CREATE TABLE t (id serial PRIMARY KEY, v text);',
    to: '',
    expect: { destructive: true },
  },
];

const views: PairCase[] = [
  {
    name: 'create a view',
    from: USERS,
    to: `${USERS} CREATE VIEW adults AS SELECT id, email FROM users WHERE age >= 18;`,
  },
  {
    name: 'drop a view',
    from: `${USERS} CREATE VIEW adults AS SELECT id, email FROM users WHERE age >= 18;`,
    to: USERS,
  },
  {
    name: 'replace a view',
    from: `${USERS} CREATE VIEW adults AS SELECT id, email FROM users WHERE age >= 18;`,
    to: `${USERS} CREATE VIEW adults AS SELECT id, email, age FROM users WHERE age >= 21;`,
  },
  {
    name: 'views over a column whose type changes are dropped and created around it',
    from:
      `${USERS} CREATE VIEW adults AS SELECT id, email FROM users WHERE age >= 18; ` +
      `CREATE VIEW adult_emails AS SELECT email FROM adults;`,
    to:
      `${users('id int PRIMARY KEY, email text NOT NULL, age int')} CREATE VIEW adults AS SELECT id, ` +
      `email FROM users WHERE age >= 18; CREATE VIEW adult_emails AS SELECT email FROM adults;`,
    data: { insert: USERS_ROWS, query: 'SELECT email FROM adult_emails', rows: [{ email: 'a@x' }] },
    expect: { upgrade: ['DROP VIEW adult_emails'] },
  },
  {
    name: 'a view that reads a dropped column',
    from: `${USERS} CREATE VIEW ages AS SELECT id, age FROM users;`,
    to: `${users('id int PRIMARY KEY, email varchar(100) NOT NULL')} CREATE VIEW ages AS SELECT id FROM users;`,
  },
  {
    name: 'create a materialized view with an index',
    from: USERS,
    to:
      `${USERS} CREATE MATERIALIZED VIEW user_count AS SELECT count(*) ` +
      `AS n FROM users; CREATE UNIQUE INDEX user_count_n ON user_count (n);`,
  },
  {
    name: 'replace a materialized view',
    from: `${USERS} CREATE MATERIALIZED VIEW m AS SELECT id FROM users;`,
    to: `${USERS} CREATE MATERIALIZED VIEW m AS SELECT id, email FROM users;`,
  },
  {
    name: 'view comments',
    from: `${USERS} CREATE VIEW v AS SELECT id FROM users; CREATE MATERIALIZED VIEW m AS SELECT id FROM users;`,
    to:
      `${USERS} CREATE VIEW v AS SELECT id FROM users; CREATE MATERIALIZED VIEW m AS SELECT id FROM users; ` +
      `COMMENT ON VIEW v IS 'ids'; COMMENT ON MATERIALIZED VIEW m IS 'cached';`,
  },
];

const routines: PairCase[] = [
  {
    name: 'create a function and a trigger that calls it',
    from: USERS,
    to:
      `${USERS} ${TOUCH} CREATE TRIGGER users_touch BEFORE INSERT ` +
      `OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();`,
  },
  {
    name: 'drop a trigger and its function',
    from: `${USERS} ${TOUCH} CREATE TRIGGER users_touch BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch();`,
    to: USERS,
  },
  {
    name: 'change a trigger',
    from: `${USERS} ${TOUCH} CREATE TRIGGER users_touch BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch();`,
    to: `${USERS} ${TOUCH} CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();`,
  },
  {
    name: 'replace a function body',
    from: `${USERS} ${TOUCH}`,
    to: `${USERS} ${TOUCH.replace('coalesce(NEW.age, 0)', 'coalesce(NEW.age, 18)')}`,
  },
  {
    name: 'functions with arguments, a procedure and comments',
    from: '',
    to:
      "CREATE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a + b'; " +
      "CREATE FUNCTION add(a text, b text) RETURNS text LANGUAGE sql AS 'SELECT a || b'; " +
      "CREATE PROCEDURE noop() LANGUAGE sql AS ''; COMMENT ON FUNCTION add(int, int) IS 'sum';",
  },
  {
    name: 'a check that calls a new function',
    from: USERS,
    to:
      `CREATE FUNCTION adult(a int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT a >= 18'; ` +
      `${USERS} ALTER TABLE users ADD CONSTRAINT is_adult CHECK (adult(age)) NOT VALID;`,
  },
  {
    name: 'a trigger on a renamed table',
    from: `${USERS} ${TOUCH} CREATE TRIGGER users_touch BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch();`,
    to:
      `CREATE TABLE members (id int PRIMARY KEY, email varchar(100) NOT NULL, age int); ` +
      `ALTER TABLE members RENAME CONSTRAINT members_pkey TO users_pkey; ` +
      `${TOUCH} CREATE TRIGGER users_touch BEFORE INSERT ON members FOR EACH ROW EXECUTE FUNCTION touch();`,
    renames: { tables: [{ from: 'users', to: 'members' }] },
  },
];

// Many changes at once: the order between them is what is tested.
const mixed: PairCase[] = [
  {
    name: 'a release: rename, new table, new enum column, index, view, dropped foreign key',
    from:
      `${BOTH} ${FK}; CREATE INDEX posts_title ON posts (title); ` +
      `CREATE VIEW titles AS SELECT p.title, u.email FROM posts p JOIN users u ON u.id = p.user_id;`,
    to: `${MOOD} CREATE TABLE members (id int PRIMARY KEY, email text NOT NULL, age int, mood mood DEFAULT 'ok');
      ALTER TABLE members RENAME CONSTRAINT members_pkey TO users_pkey;
      CREATE TABLE posts (id int PRIMARY KEY, user_id int, title text, body text);
      CREATE TABLE tags (post_id int REFERENCES posts ON DELETE CASCADE, tag text NOT NULL, PRIMARY KEY (post_id, tag));
      CREATE INDEX posts_user ON posts (user_id);
      CREATE VIEW titles AS SELECT p.title, m.email FROM posts p JOIN members m ON m.id = p.user_id;
      CREATE VIEW tag_counts AS SELECT tag, count(*) AS n FROM tags GROUP BY tag;`,
    renames: { tables: [{ from: 'users', to: 'members' }] },
    data: {
      insert: BOTH_ROWS,
      query: 'SELECT title, email FROM titles ORDER BY title',
      rows: [
        { title: 'hello', email: 'a@x' },
        { title: 'world', email: 'b@x' },
      ],
    },
    expect: { destructive: false, transactional: false },
  },
  {
    name: 'a table dropped while another is reshaped around it',
    from: `${BOTH} ${FK}; CREATE TABLE audit (id int, user_id int REFERENCES users);`,
    to:
      `${users('id bigint PRIMARY KEY, email varchar(100) NOT NULL, age int')} CREATE TABLE posts (id int ` +
      `PRIMARY KEY, user_id bigint, title text); ALTER TABLE posts ADD CONSTRAINT posts_user_fk FOREIGN KEY ` +
      `(user_id) REFERENCES users (id) ON DELETE CASCADE;`,
    data: {
      insert: BOTH_ROWS,
      query: 'SELECT id, user_id::int AS user_id FROM posts ORDER BY id',
      rows: [
        { id: 10, user_id: 1 },
        { id: 11, user_id: 2 },
      ],
    },
    expect: { destructive: true },
  },
];

export const postgresCases: readonly PairCase[] = [
  ...tables,
  ...columns,
  ...constraints,
  ...indexes,
  ...types,
  ...views,
  ...routines,
  ...mixed,
  ...postgresKindCases,
];

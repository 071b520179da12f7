// PostgreSQL introspection on the embedded server: every object kind of the model, and a
// number of catalog queries that does not grow with the number of tables.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Schema } from '../../../../shared/model/schema.ts';
import { createPostgresDatabase, type TestDatabase } from '../../../../test/support/databases.ts';
import type { Connection } from '../../dialects/dialect.ts';
import { connect } from '../../dialects/registry.ts';
import { introspect } from '../introspect.ts';
import { introspectPostgres } from './postgres.ts';

const SQL =
  `
CREATE EXTENSION citext;
CREATE SCHEMA billing;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';
COMMENT ON TYPE mood IS 'how it feels';
CREATE SEQUENCE billing.invoice_no AS integer START 1000 INCREMENT 10 CACHE 5;
CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY (START WITH 100),
  email text COLLATE "C" NOT NULL,
  name varchar(40) DEFAULT 'anon',
  mood mood,
  born date,
  nick citext,
  age_days int GENERATED ALWAYS AS (42) STORED,
  CONSTRAINT users_pk PRIMARY KEY (id),
  CONSTRAINT users_email_key UNIQUE NULLS NOT DISTINCT (email) DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT users_name_check CHECK (length(name) > 1)
);
COMMENT ON TABLE users IS 'people';
COMMENT ON COLUMN users.email IS 'login';
CREATE TABLE billing.accounts (org int, num int, owner bigint, serial_id serial, PRIMARY KEY (org, num));
CREATE TABLE billing.invoices (
  id int PRIMARY KEY,
  org int, num int, user_id bigint,
  total numeric(10,2) CHECK (total >= 0), note text,
  CONSTRAINT invoices_account_fk FOREIGN KEY (org, num) REFERENCES billing.accounts (org, num) ` +
  `ON DELETE CASCADE ON UPDATE SET NULL DEFERRABLE
);
ALTER TABLE billing.invoices ADD CONSTRAINT invoices_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ` +
  `MATCH FULL NOT VALID;
ALTER TABLE billing.invoices ADD CONSTRAINT invoices_total_small CHECK (total < 1e6) NOT VALID;
CREATE UNIQUE INDEX users_lower_email ON users (lower(email)) WHERE born IS NOT NULL;
CREATE INDEX users_name_desc ON users USING btree (name DESC NULLS LAST, born NULLS FIRST) INCLUDE (mood);
CREATE INDEX users_name_pattern ON users (name varchar_pattern_ops);
CREATE INDEX users_name_hash ON users USING hash (name);
CREATE INDEX invoices_note ON billing.invoices (note COLLATE "C");
CREATE VIEW adults AS SELECT id, email FROM users WHERE born < now() - interval '18 years';
CREATE MATERIALIZED VIEW billing.totals AS SELECT org, sum(total) AS total FROM billing.invoices GROUP BY org;
CREATE UNIQUE INDEX totals_org ON billing.totals (org);
COMMENT ON VIEW adults IS 'grown-ups';
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.name := coalesce(NEW.name, 'x'); ` +
  `RETURN NEW; END $$;
CREATE PROCEDURE billing.close_month(m int) LANGUAGE sql AS $$ SELECT m $$;
CREATE TRIGGER users_touch BEFORE INSERT OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TABLE strata_version (version_num varchar(32) PRIMARY KEY);
CREATE TABLE strata_history (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
`;

let db: TestDatabase;
let conn: Connection;
let schema: Schema;

beforeAll(async () => {
  db = await createPostgresDatabase();
  conn = await connect({ dialect: 'postgres', url: db.url });
  await conn.execute(SQL);
  schema = await introspect(conn);
});

afterAll(async () => {
  await conn.close();
  await db.drop();
});

const table = (name: string) => schema.tables.find((t) => `${t.schema}.${t.name}` === name)!;

describe('PostgreSQL introspection', () => {
  it('lists user schemas, tables and views, without strata_* tables', () => {
    expect(schema.dialect).toBe('postgres');
    expect(schema.schemas).toEqual(['billing']);
    expect(schema.tables.map((t) => `${t.schema}.${t.name}`)).toEqual([
      'billing.accounts',
      'billing.invoices',
      'public.users',
    ]);
    expect(schema.views.map((v) => `${v.schema}.${v.name}:${v.materialized}`)).toEqual([
      'billing.totals:true',
      'public.adults:false',
    ]);
  });

  it('reads columns: type, nullability, default, identity, generated, collation, comment', () => {
    expect(table('public.users').columns).toEqual([
      {
        name: 'id',
        type: 'bigint',
        nullable: false,
        default: null,
        identity: { generation: 'always', options: 'START WITH 100' },
        generated: null,
        collation: null,
        comment: null,
      },
      {
        name: 'email',
        type: 'text',
        nullable: false,
        default: null,
        identity: null,
        generated: null,
        collation: '"C"',
        comment: 'login',
      },
      {
        name: 'name',
        type: 'character varying(40)',
        nullable: true,
        default: "'anon'::character varying",
        identity: null,
        generated: null,
        collation: null,
        comment: null,
      },
      {
        name: 'mood',
        type: 'mood',
        nullable: true,
        default: null,
        identity: null,
        generated: null,
        collation: null,
        comment: null,
      },
      {
        name: 'born',
        type: 'date',
        nullable: true,
        default: null,
        identity: null,
        generated: null,
        collation: null,
        comment: null,
      },
      {
        name: 'nick',
        type: 'citext',
        nullable: true,
        default: null,
        identity: null,
        generated: null,
        collation: null,
        comment: null,
      },
      {
        name: 'age_days',
        type: 'integer',
        nullable: true,
        default: null,
        identity: null,
        generated: { expression: '42', stored: true },
        collation: null,
        comment: null,
      },
    ]);
    expect(table('public.users').comment).toBe('people');
    expect(table('billing.accounts').columns.find((c) => c.name === 'serial_id')!.default).toBe(
      "nextval('billing.accounts_serial_id_seq'::regclass)",
    );
  });

  it('reads primary keys, uniques, checks and foreign keys with every option', () => {
    const users = table('public.users');
    expect(users.primaryKey).toEqual({ name: 'users_pk', columns: ['id'], autoincrement: false });
    expect(users.uniques).toEqual([
      {
        name: 'users_email_key',
        columns: ['email'],
        nullsNotDistinct: true,
        deferrable: 'deferrable initially deferred',
      },
    ]);
    expect(users.checks).toEqual([{ name: 'users_name_check', expression: 'length(name::text) > 1', notValid: false }]);
    expect(table('billing.accounts').primaryKey).toEqual({
      name: 'accounts_pkey',
      columns: ['org', 'num'],
      autoincrement: false,
    });
    const invoices = table('billing.invoices');
    expect(invoices.foreignKeys).toEqual([
      {
        name: 'invoices_account_fk',
        columns: ['org', 'num'],
        references: { schema: 'billing', name: 'accounts', columns: ['org', 'num'] },
        onDelete: 'cascade',
        onUpdate: 'set null',
        match: 'simple',
        deferrable: 'deferrable initially immediate',
        notValid: false,
      },
      {
        name: 'invoices_user_fk',
        columns: ['user_id'],
        references: { schema: 'public', name: 'users', columns: ['id'] },
        onDelete: 'no action',
        onUpdate: 'no action',
        match: 'full',
        deferrable: 'not deferrable',
        notValid: true,
      },
    ]);
    expect(invoices.checks).toEqual([
      { name: 'invoices_total_check', expression: 'total >= 0::numeric', notValid: false },
      { name: 'invoices_total_small', expression: "total < '1000000'::numeric", notValid: true },
    ]);
  });

  it('reads indexes: unique, partial, expression, method, INCLUDE, DESC, NULLS, opclass, collation', () => {
    const byName = Object.fromEntries(table('public.users').indexes.map((i) => [i.name, i]));
    expect(Object.keys(byName)).toEqual([
      'users_lower_email',
      'users_name_desc',
      'users_name_hash',
      'users_name_pattern',
    ]);
    expect(byName.users_lower_email).toMatchObject({
      unique: true,
      method: 'btree',
      where: 'born IS NOT NULL',
      keys: [{ column: null, expression: 'lower(email)', descending: false, nulls: null }],
    });
    expect(byName.users_lower_email!.definition).toBe(
      'CREATE UNIQUE INDEX users_lower_email ON public.users USING btree (lower(email)) WHERE (born IS NOT NULL)',
    );
    expect(byName.users_name_desc).toMatchObject({
      unique: false,
      include: ['mood'],
      keys: [
        { column: 'name', expression: null, descending: true, nulls: 'last', collation: null, opclass: null },
        { column: 'born', expression: null, descending: false, nulls: 'first', collation: null, opclass: null },
      ],
    });
    expect(byName.users_name_hash!.method).toBe('hash');
    expect(byName.users_name_pattern!.keys[0]!.opclass).toBe('varchar_pattern_ops');
    expect(table('billing.invoices').indexes[0]!.keys[0]!.collation).toBe('"C"');
    expect(schema.views.find((v) => v.name === 'totals')!.indexes.map((i) => i.name)).toEqual(['totals_org']);
  });

  it('reads enums in their order, sequences, views, triggers, routines and comments', () => {
    expect(schema.enums).toEqual([
      { schema: 'public', name: 'mood', values: ['sad', 'meh', 'ok', 'happy'], comment: 'how it feels' },
    ]);
    expect(schema.sequences).toEqual([
      {
        schema: 'billing',
        name: 'accounts_serial_id_seq',
        dataType: 'integer',
        start: '1',
        increment: '1',
        min: '1',
        max: '2147483647',
        cache: '1',
        cycle: false,
        ownedBy: { schema: 'billing', name: 'accounts', column: 'serial_id' },
        comment: null,
      },
      {
        schema: 'billing',
        name: 'invoice_no',
        dataType: 'integer',
        start: '1000',
        increment: '10',
        min: '1',
        max: '2147483647',
        cache: '5',
        cycle: false,
        ownedBy: null,
        comment: null,
      },
    ]);
    const adults = schema.views.find((v) => v.name === 'adults')!;
    expect(adults.comment).toBe('grown-ups');
    expect(adults.definition).toContain('FROM users');
    expect(table('public.users').triggers).toEqual([
      {
        name: 'users_touch',
        definition: 'CREATE TRIGGER users_touch BEFORE INSERT OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch()',
      },
    ]);
    expect(schema.routines.map((r) => `${r.kind} ${r.schema}.${r.name}(${r.arguments})`)).toEqual([
      'procedure billing.close_month(IN m integer)',
      'function public.touch()',
    ]);
    expect(schema.routines[1]!.definition).toMatch(/^CREATE OR REPLACE FUNCTION public\.touch\(\)/);
  });
});

describe('PostgreSQL introspection under another search_path', () => {
  it('prints the same texts, and leaves the session its own search_path', async () => {
    const session = await connect({ dialect: 'postgres', url: db.url });
    try {
      await session.execute('SET search_path = billing, public');
      const other = await introspect(session);
      expect(other).toEqual(schema);
      expect(await session.query('SHOW search_path')).toEqual([{ search_path: 'billing, public' }]);
    } finally {
      await session.close();
    }
  });
});

describe('PostgreSQL introspection cost', () => {
  it('issues the same number of queries for 3 tables as for 300', async () => {
    const counted = async (tables: number) => {
      const scratch = await createPostgresDatabase();
      const c = await connect({ dialect: 'postgres', url: scratch.url });
      try {
        const ddl = Array.from(
          { length: tables },
          (_, i) =>
            `CREATE TABLE t${i} (id int PRIMARY KEY, v text UNIQUE, p int REFERENCES t0 (id) ` +
            `ON DELETE CASCADE, CHECK (id > 0)); CREATE INDEX t${i}_v ON t${i} (lower(v));`,
        );
        await c.execute(ddl.join('\n'));
        let queries = 0;
        const started = performance.now();
        const result = await introspectPostgres((statement, params) => {
          queries += 1;
          return c.query(statement, params);
        });
        expect(result.tables).toHaveLength(tables);
        expect(
          result.tables.every((t) => t.indexes.length === 1 && t.foreignKeys.length === 1 && t.uniques.length === 1),
        ).toBe(true);
        return { queries, ms: performance.now() - started };
      } finally {
        await c.close();
        await scratch.drop();
      }
    };
    const small = await counted(3);
    const large = await counted(300);
    console.log(
      `introspection: 3 tables ${small.queries} queries ${small.ms.toFixed(0)} ms; ` +
        `300 tables ${large.queries} queries ${large.ms.toFixed(0)} ms`,
    );
    // The eleven catalog queries, and the search_path set and put back.
    expect(small.queries).toBe(13);
    expect(large.queries).toBe(13);
  }, 60_000);
});

describe('PostgreSQL introspection of domains, exclusion constraints and partitions', () => {
  it('reads each as the model says, a partition without what it inherits', async () => {
    const scratch = await createPostgresDatabase();
    const c = await connect({ dialect: 'postgres', url: scratch.url });
    try {
      await c.execute(`
        CREATE DOMAIN code AS varchar(8) COLLATE "C" DEFAULT 'X' NOT NULL
          CONSTRAINT code_upper CHECK (VALUE = upper(VALUE));
        COMMENT ON DOMAIN code IS 'codes';
        CREATE TABLE rooms (id int PRIMARY KEY, during tsrange,
          CONSTRAINT rooms_no_overlap EXCLUDE USING gist (during WITH &&) WHERE (id > 0));
        CREATE TABLE events (id int, at date, CHECK (id > 0), PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
        CREATE INDEX events_at ON events (at);
        CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
        CREATE INDEX events_2025_id ON events_2025 (id);
        CREATE TABLE events_other PARTITION OF events DEFAULT;`);
      const schema = await introspect(c);
      expect(schema.domains).toEqual([
        {
          schema: 'public',
          name: 'code',
          baseType: 'character varying(8)',
          default: "'X'::character varying",
          notNull: true,
          collation: '"C"',
          checks: [{ name: 'code_upper', definition: 'CHECK (((VALUE)::text = upper((VALUE)::text)))' }],
          comment: 'codes',
        },
      ]);
      const table = (name: string) => schema.tables.find((t) => t.name === name)!;
      expect(table('rooms').exclusions).toEqual([
        { name: 'rooms_no_overlap', definition: 'EXCLUDE USING gist (during WITH &&) WHERE ((id > 0))' },
      ]);
      expect(table('rooms').indexes).toEqual([]);
      expect(table('events')).toMatchObject({ partitionBy: 'RANGE (at)', partitionOf: null });
      expect(table('events').columns.map((col) => col.name)).toEqual(['id', 'at']);
      expect(table('events').indexes.map((i) => i.name)).toEqual(['events_at']);
      const partition = table('events_2025');
      expect(partition.partitionOf).toEqual({
        schema: 'public',
        name: 'events',
        bound: "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
      });
      expect(partition).toMatchObject({ columns: [], primaryKey: null, checks: [], partitionBy: null });
      expect(partition.indexes.map((i) => i.name)).toEqual(['events_2025_id']);
      expect(table('events_other').partitionOf?.bound).toBe('DEFAULT');
    } finally {
      await c.close();
      await scratch.drop();
    }
  });
});

// The honesty suite's schema and statements. The setup has rows in every table (a rewrite is
// only visible as copied rows), indexes, a foreign-key parent/child pair with an ON DELETE
// CASCADE grandchild, partitioned tables with and without a DEFAULT partition, a domain with
// a (not yet validated) CHECK, an enum, a view and a matview with a unique index, a trigger,
// a sequence. The analyzer learns the same setup by replaying it (never from the database).

export const SETUP =
  `
CREATE TABLE parent (id bigint PRIMARY KEY, name text NOT NULL, code varchar(20) UNIQUE);
INSERT INTO parent SELECT g, 'p' || g, 'c' || g FROM generate_series(1, 1000) g;
CREATE TABLE child (id bigint PRIMARY KEY, parent_id bigint NOT NULL REFERENCES parent (id), note text, ` +
  `amount numeric(10,2), created timestamp, email varchar(100), n integer, flag boolean);
CREATE INDEX child_parent_id_idx ON child (parent_id);
CREATE INDEX child_email_idx ON child (email);
INSERT INTO child SELECT g, 1 + g % 1000, 'n' || g, g, now(), 'e' || g, g, true FROM generate_series(1, 2000) g;
CREATE TABLE tags (id integer PRIMARY KEY, child_id bigint REFERENCES child (id) ON DELETE CASCADE, label text);
INSERT INTO tags SELECT g, g, 't' FROM generate_series(1, 100) g;
CREATE TABLE items (id integer PRIMARY KEY, label text, qty integer, ` +
  `CONSTRAINT items_qty_not_null CHECK (qty IS NOT NULL));
INSERT INTO items SELECT g, 'l' || g, g FROM generate_series(1, 500) g;
CREATE UNIQUE INDEX items_label_idx ON items (label);
CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, payload text) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
INSERT INTO events SELECT g, date '2024-01-01' + (g % 700), 'x' FROM generate_series(1, 1000) g;
ALTER TABLE events ADD CONSTRAINT events_id_check CHECK (id > 0) NOT VALID;
CREATE TABLE events_2026 (id bigint NOT NULL, at date NOT NULL, payload text);
INSERT INTO events_2026 SELECT g, date '2026-01-01' + (g % 300), 'y' FROM generate_series(1, 100) g;
ALTER TABLE events_2026 ADD CONSTRAINT events_id_check CHECK (id > 0) NOT VALID;
CREATE TABLE logs (id bigint, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE logs_2024 PARTITION OF logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE logs_default PARTITION OF logs DEFAULT;
INSERT INTO logs SELECT g, date '2024-01-01' + (g % 300) FROM generate_series(1, 500) g;
INSERT INTO logs SELECT g, date '2030-01-01' + (g % 300) FROM generate_series(501, 1000) g;
CREATE TABLE logs_2026 (id bigint, at date NOT NULL);
INSERT INTO logs_2026 SELECT g, date '2026-01-01' + (g % 300) FROM generate_series(1, 100) g;
CREATE DOMAIN positive_int AS integer;
ALTER DOMAIN positive_int ADD CONSTRAINT positive_int_check CHECK (VALUE > 0) NOT VALID;
CREATE TABLE stock (id integer PRIMARY KEY, level positive_int);
INSERT INTO stock SELECT g, g FROM generate_series(1, 100) g;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE people (id integer PRIMARY KEY, mood mood);
INSERT INTO people SELECT g, 'ok' FROM generate_series(1, 50) g;
CREATE MATERIALIZED VIEW parent_stats AS SELECT parent_id, count(*) AS n FROM child GROUP BY parent_id;
CREATE UNIQUE INDEX parent_stats_parent_id_idx ON parent_stats (parent_id);
CREATE VIEW child_view AS SELECT id, note FROM child;
CREATE TABLE empty_t (id integer);
CREATE SEQUENCE counter_seq;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE child ADD CONSTRAINT child_note_nn NOT NULL note NOT VALID;
ALTER TABLE child ADD CONSTRAINT child_n_check CHECK (n > 0) NOT VALID;
CREATE SCHEMA archive;
CREATE TABLE archive.old_child (id bigint PRIMARY KEY, parent_id bigint REFERENCES parent (id), note text);
INSERT INTO archive.old_child SELECT g, g, 'o' FROM generate_series(1, 100) g;
CREATE INDEX old_child_note_idx ON archive.old_child (note);
CREATE VIEW archive.old_notes AS SELECT note FROM archive.old_child;
CREATE VIEW all_notes AS SELECT note FROM child UNION ALL SELECT note FROM archive.old_child;
CREATE SCHEMA empty_schema;
CREATE FOREIGN DATA WRAPPER dummy_fdw;
CREATE SERVER dummy_server FOREIGN DATA WRAPPER dummy_fdw;
-- Autovacuum's brief exclusive lock at the end of a vacuum would make a probe look blocked.
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ` +
  `'public' AND c.relkind IN ('r', 'm') LOOP
    EXECUTE format('ALTER TABLE %I SET (autovacuum_enabled = false)', r.relname);
  END LOOP;
END $$;
ANALYZE;
`;

/** Statements run one at a time in a transaction that is rolled back. */
export const TRANSACTIONAL_CASES: readonly string[] = [
  // ADD COLUMN
  'ALTER TABLE child ADD COLUMN x integer',
  'ALTER TABLE child ADD COLUMN x integer DEFAULT 1',
  'ALTER TABLE child ADD COLUMN x integer NOT NULL DEFAULT 0',
  'ALTER TABLE child ADD COLUMN x timestamptz DEFAULT now()',
  'ALTER TABLE child ADD COLUMN x timestamptz DEFAULT current_timestamp',
  'ALTER TABLE child ADD COLUMN x timestamptz DEFAULT clock_timestamp()',
  'ALTER TABLE child ADD COLUMN x uuid DEFAULT gen_random_uuid()',
  'ALTER TABLE child ADD COLUMN x integer DEFAULT (random() * 10)::integer',
  "ALTER TABLE child ADD COLUMN x text DEFAULT md5('x')",
  "ALTER TABLE child ADD COLUMN x bigint DEFAULT nextval('counter_seq')",
  'ALTER TABLE child ADD COLUMN x bigint GENERATED ALWAYS AS IDENTITY',
  'ALTER TABLE child ADD COLUMN x serial',
  'ALTER TABLE child ADD COLUMN x integer GENERATED ALWAYS AS (n * 2) STORED',
  'ALTER TABLE child ADD COLUMN x integer GENERATED ALWAYS AS (n * 2) VIRTUAL',
  'ALTER TABLE child ADD COLUMN x bigint REFERENCES parent (id)',
  'ALTER TABLE child ADD COLUMN x integer UNIQUE',
  'ALTER TABLE child ADD COLUMN x integer DEFAULT 1 CHECK (x > 0)',
  'ALTER TABLE child ADD COLUMN IF NOT EXISTS note text',
  'ALTER TABLE empty_t ADD COLUMN x integer NOT NULL',
  'ALTER TABLE stock ADD COLUMN extra positive_int',
  'ALTER TABLE events ADD COLUMN extra integer',
  // DROP COLUMN
  'ALTER TABLE child DROP COLUMN flag',
  'ALTER TABLE child DROP COLUMN email',
  'ALTER TABLE tags DROP COLUMN child_id',
  'ALTER TABLE child DROP COLUMN parent_id CASCADE',
  'ALTER TABLE events DROP COLUMN payload',
  // NOT NULL and defaults
  'ALTER TABLE child ALTER COLUMN note SET NOT NULL',
  'ALTER TABLE items ALTER COLUMN qty SET NOT NULL',
  'ALTER TABLE child ALTER COLUMN parent_id DROP NOT NULL',
  'ALTER TABLE events ALTER COLUMN payload SET NOT NULL',
  'ALTER TABLE child ADD CONSTRAINT child_email_nn NOT NULL email NOT VALID',
  'ALTER TABLE child ADD CONSTRAINT child_email_nn NOT NULL email',
  'ALTER TABLE child VALIDATE CONSTRAINT child_note_nn',
  "ALTER TABLE child ALTER COLUMN note SET DEFAULT 'x'",
  'ALTER TABLE child ALTER COLUMN note DROP DEFAULT',
  // ALTER COLUMN TYPE
  'ALTER TABLE child ALTER COLUMN email TYPE varchar(200)',
  'ALTER TABLE child ALTER COLUMN email TYPE varchar(50)',
  'ALTER TABLE child ALTER COLUMN email TYPE text',
  'ALTER TABLE child ALTER COLUMN n TYPE bigint',
  'ALTER TABLE child ALTER COLUMN n TYPE integer USING n + 1',
  'ALTER TABLE child ALTER COLUMN n SET DATA TYPE integer',
  'ALTER TABLE tags ALTER COLUMN label TYPE varchar(20)',
  'ALTER TABLE child ALTER COLUMN amount TYPE numeric(12,2)',
  'ALTER TABLE child ALTER COLUMN amount TYPE numeric(12,4)',
  'ALTER TABLE child ALTER COLUMN created TYPE timestamptz',
  'ALTER TABLE parent ALTER COLUMN id TYPE numeric',
  'ALTER TABLE people ALTER COLUMN mood TYPE text',
  'ALTER TABLE events ALTER COLUMN payload TYPE varchar(10)',
  // constraints
  'ALTER TABLE child ADD CONSTRAINT c1 CHECK (n > 0)',
  'ALTER TABLE child ADD CONSTRAINT c1 CHECK (n > 0) NOT VALID',
  'ALTER TABLE child ADD CONSTRAINT c1 FOREIGN KEY (parent_id) REFERENCES parent (id)',
  'ALTER TABLE child ADD CONSTRAINT c1 FOREIGN KEY (parent_id) REFERENCES parent (id) NOT VALID',
  'ALTER TABLE child VALIDATE CONSTRAINT child_n_check',
  'ALTER TABLE child ADD CONSTRAINT c1 UNIQUE (n)',
  'ALTER TABLE items ADD CONSTRAINT items_label_key UNIQUE USING INDEX items_label_idx',
  'ALTER TABLE items DROP CONSTRAINT items_pkey, ADD PRIMARY KEY (id)',
  'ALTER TABLE child ADD CONSTRAINT ex EXCLUDE USING btree (n WITH =)',
  'ALTER TABLE child DROP CONSTRAINT child_parent_id_fkey',
  'ALTER TABLE parent DROP CONSTRAINT parent_code_key',
  'ALTER TABLE child DROP CONSTRAINT child_pkey CASCADE',
  'ALTER TABLE child RENAME CONSTRAINT child_pkey TO child_pk2',
  'ALTER TABLE child ALTER CONSTRAINT child_parent_id_fkey DEFERRABLE',
  'ALTER TABLE events ADD CONSTRAINT events_fk FOREIGN KEY (id) REFERENCES parent (id) NOT VALID',
  'ALTER TABLE events VALIDATE CONSTRAINT events_id_check',
  'ALTER TABLE events ADD CONSTRAINT ec CHECK (id > 0)',
  // table-level ALTER
  'ALTER TABLE child RENAME COLUMN note TO note2',
  'ALTER TABLE child RENAME TO child2',
  'ALTER INDEX child_email_idx RENAME TO child_email_idx2',
  'ALTER TABLE items SET UNLOGGED',
  'ALTER TABLE items DISABLE TRIGGER items_touch',
  'ALTER TABLE child SET (fillfactor = 70)',
  'ALTER TABLE child ALTER COLUMN n SET STATISTICS 100',
  'ALTER TABLE child ALTER COLUMN email SET STORAGE external',
  'ALTER TABLE child ENABLE ROW LEVEL SECURITY',
  'ALTER TABLE child REPLICA IDENTITY FULL',
  'ALTER TABLE child CLUSTER ON child_pkey',
  'ALTER TABLE child SET SCHEMA public',
  // partitions
  "CREATE TABLE events_2027 PARTITION OF events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01')",
  "CREATE TABLE logs_2025 PARTITION OF logs FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
  "ALTER TABLE events ATTACH PARTITION events_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
  "ALTER TABLE logs ATTACH PARTITION logs_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
  'ALTER TABLE events DETACH PARTITION events_2025',
  'ALTER TABLE logs DETACH PARTITION logs_2024',
  'CREATE INDEX events_payload_idx ON events (payload)',
  'CREATE INDEX events_payload_idx ON ONLY events (payload)',
  'DROP TABLE events_2025',
  'TRUNCATE events',
  'CREATE TRIGGER events_touch AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION touch()',
  'ALTER TABLE events RENAME COLUMN payload TO body',
  'LOCK TABLE events IN SHARE MODE',
  // indexes
  'CREATE INDEX child_note_idx ON child (note)',
  'CREATE UNIQUE INDEX child_n_key ON child (n)',
  'DROP INDEX child_email_idx',
  'REINDEX INDEX child_email_idx',
  'REINDEX TABLE child',
  // boolean options are read with their value: a false CONCURRENTLY is a plain REINDEX
  'REINDEX (CONCURRENTLY false) INDEX child_email_idx',
  "REINDEX (CONCURRENTLY 'off', VERBOSE) TABLE child",
  'REINDEX (CONCURRENTLY 0) INDEX child_email_idx',
  // tables
  'CREATE TABLE t2 (id integer REFERENCES parent (id))',
  'CREATE TABLE t4 (id integer PRIMARY KEY, p bigint REFERENCES parent (id) ' +
    'ON DELETE CASCADE, q integer REFERENCES items)',
  'CREATE TABLE t5 (LIKE child INCLUDING ALL)',
  'CREATE TABLE t6 () INHERITS (items)',
  'CREATE TABLE t3 AS SELECT * FROM items',
  'DROP TABLE items',
  'DROP TABLE child CASCADE',
  'DROP TABLE parent CASCADE',
  'TRUNCATE items',
  'TRUNCATE parent CASCADE',
  'DROP VIEW child_view',
  'DROP MATERIALIZED VIEW parent_stats',
  'DROP TRIGGER items_touch ON items',
  'CREATE TRIGGER items_touch2 AFTER INSERT ON items FOR EACH ROW EXECUTE FUNCTION touch()',
  'ALTER TRIGGER items_touch ON items RENAME TO items_touch3',
  // types, domains, views
  "ALTER TYPE mood ADD VALUE 'meh'",
  "ALTER TYPE mood RENAME VALUE 'ok' TO 'fine'",
  'ALTER DOMAIN positive_int ADD CONSTRAINT positive_int_check2 CHECK (VALUE > 0)',
  'ALTER DOMAIN positive_int ADD CONSTRAINT positive_int_check2 CHECK (VALUE > 0) NOT VALID',
  'ALTER DOMAIN positive_int VALIDATE CONSTRAINT positive_int_check',
  'ALTER DOMAIN positive_int SET NOT NULL',
  'CREATE OR REPLACE VIEW child_view AS SELECT id, note FROM child',
  'CREATE VIEW v2 AS SELECT * FROM child',
  'CREATE MATERIALIZED VIEW mv2 AS SELECT * FROM items',
  'REFRESH MATERIALIZED VIEW parent_stats',
  'REFRESH MATERIALIZED VIEW CONCURRENTLY parent_stats',
  'REFRESH MATERIALIZED VIEW parent_stats WITH NO DATA',
  'ALTER MATERIALIZED VIEW parent_stats RENAME TO parent_stats2',
  // maintenance, privileges, comments
  'CLUSTER child USING child_pkey',
  'ANALYZE child',
  "COMMENT ON TABLE child IS 'x'",
  "COMMENT ON COLUMN child.note IS 'x'",
  'GRANT SELECT ON child TO public',
  'CREATE POLICY child_all ON child USING (true)',
  'CREATE STATISTICS child_stats ON n, flag FROM child',
  'ALTER SEQUENCE counter_seq RESTART',
  // data changes and queries
  "UPDATE items SET label = label || 'x'",
  'DELETE FROM items',
  "UPDATE child SET note = 'y' WHERE id = 1",
  'DELETE FROM child WHERE id = 7',
  "INSERT INTO child (id, parent_id, note) VALUES (99999, 1, 'n')",
  "INSERT INTO items SELECT id + 10000, label || 'x', qty FROM items",
  'UPDATE child SET parent_id = 2 WHERE id = 3',
  'MERGE INTO items i USING child c ON i.id = c.id WHEN MATCHED THEN UPDATE SET qty = c.n',
  'SELECT * FROM child_view',
  'SELECT * FROM items FOR UPDATE',
  "INSERT INTO events VALUES (1, '2024-03-01', 'x')",
  "INSERT INTO events (at, id) VALUES ('2024-03-01', 1), ('2025-07-01'::date, 2)",
  "INSERT INTO logs VALUES (1, '2031-05-01')",
  "UPDATE events SET payload = 'z' WHERE id = 5",
  'DELETE FROM events',
  'ALTER TABLE child ADD COLUMN x integer, ADD CONSTRAINT c2 CHECK (n > 0) ' +
    "NOT VALID, ALTER COLUMN note SET DEFAULT 'y'",
  'ALTER TABLE ONLY child ALTER COLUMN note DROP DEFAULT',
  'ALTER TABLE events ALTER COLUMN payload SET STATISTICS 10',
  'ALTER TABLE child ADD COLUMN x integer REFERENCES items (id) ON DELETE CASCADE',
  'ALTER TABLE tags ALTER COLUMN child_id TYPE integer',
  'ALTER TABLE parent ALTER COLUMN id SET DATA TYPE bigint',
  'TRUNCATE tags',
  'DROP TABLE tags',
  'CREATE TABLE events_def PARTITION OF events DEFAULT',
  // rules, schemas, and the utility statements with a lock model
  'CREATE RULE items_ignore AS ON INSERT TO items DO INSTEAD NOTHING',
  'CREATE RULE items_log AS ON UPDATE TO items DO ALSO INSERT INTO tags (id, label) VALUES (NEW.id, NEW.label)',
  'DROP SCHEMA archive CASCADE',
  'DROP SCHEMA empty_schema',
  'EXPLAIN UPDATE items SET qty = 1',
  'EXPLAIN (ANALYZE) DELETE FROM items',
  'EXPLAIN (ANALYZE false, COSTS off) DELETE FROM items',
  'EXPLAIN SELECT * FROM child_view',
  "COPY items FROM '/dev/null'",
  "COPY items TO '/dev/null'",
  "COPY (SELECT * FROM child_view) TO '/dev/null'",
  'DECLARE c1 CURSOR FOR SELECT * FROM items',
  'DECLARE c1 CURSOR FOR SELECT * FROM items FOR UPDATE',
  'ALTER INDEX child_email_idx DEPENDS ON EXTENSION plpgsql',
  'CREATE PUBLICATION pub1 FOR TABLE items, child',
  "CREATE SUBSCRIPTION sub1 CONNECTION 'dbname=nowhere' PUBLICATION p WITH (connect = false)",
  "CREATE FOREIGN TABLE events_ft PARTITION OF events FOR VALUES FROM ('2030-01-01') " +
    "TO ('2031-01-01') SERVER dummy_server",
  'CREATE FOREIGN TABLE ft (id integer) SERVER dummy_server',
  'DISCARD PLANS',
];

/**
 * Statements whose locks cannot be predicted from the text: the analyzer says so (the
 * unknown-locks finding), and running them shows what a rehearsal would report.
 */
export const UNPREDICTABLE_CASES: readonly string[] = [
  "DO $$ BEGIN EXECUTE 'ALTER TABLE items ADD COLUMN x integer'; END $$",
  'DO $$ BEGIN PERFORM count(*) FROM child; END $$',
];

/** Statements PostgreSQL refuses inside a transaction block: the analyzer must say so. */
export const NON_TRANSACTIONAL_CASES: readonly string[] = [
  'CREATE INDEX CONCURRENTLY child_note_idx ON child (note)',
  'DROP INDEX CONCURRENTLY child_email_idx',
  'REINDEX INDEX CONCURRENTLY child_email_idx',
  'REINDEX TABLE CONCURRENTLY child',
  'REINDEX TABLE events',
  'ALTER TABLE events DETACH PARTITION events_2025 CONCURRENTLY',
  'VACUUM child',
  'VACUUM FULL child',
  'VACUUM (FULL, ANALYZE) items',
  'VACUUM (FULL false) child',
  'REINDEX (CONCURRENTLY on) INDEX child_email_idx',
  'CLUSTER',
  'DROP DATABASE nowhere',
  'DISCARD ALL',
  "CREATE SUBSCRIPTION sub2 CONNECTION 'dbname=nowhere' PUBLICATION p",
  "CREATE SUBSCRIPTION sub2 CONNECTION 'dbname=nowhere' PUBLICATION p WITH (connect = 'true', enabled = false)",
  'ALTER DATABASE nowhere SET TABLESPACE pg_default',
];

/**
 * Statements refused inside a transaction block, run on their own (they commit): the lock
 * PostgreSQL asks for on `table` and whether the table got new storage must equal the
 * prediction. Boolean options in every spelling PostgreSQL accepts.
 */
export const OUTSIDE_TRANSACTION_CASES: readonly { readonly sql: string; readonly table: string }[] = [
  { sql: 'VACUUM items', table: 'items' },
  { sql: 'VACUUM (FULL false) items', table: 'items' },
  { sql: 'VACUUM (FULL 0, ANALYZE) items', table: 'items' },
  { sql: "VACUUM (FULL 'off') items", table: 'items' },
  { sql: 'VACUUM (FULL) items', table: 'items' },
  { sql: 'VACUUM (FULL 1) items', table: 'items' },
  { sql: 'VACUUM (FULL on, VERBOSE false) items', table: 'items' },
  { sql: 'VACUUM (FULL TRUE) items', table: 'items' },
  { sql: 'VACUUM FULL items', table: 'items' },
  { sql: 'REINDEX (CONCURRENTLY) INDEX child_email_idx', table: 'child' },
  { sql: 'REINDEX (CONCURRENTLY true) TABLE child', table: 'child' },
];

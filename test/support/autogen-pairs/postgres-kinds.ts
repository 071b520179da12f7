// PostgreSQL from/to pairs for the object kinds added last: domains (base type, default, NOT
// NULL, checks, collation, comment), exclusion constraints, and partitioned tables (PARTITION
// BY, partitions with bounds and a DEFAULT one, sub-partitions, a partition's own checks and
// indexes). Run by electron/engine/autogen/roundtrip.pg.test.ts with the other pairs.
import type { PairCase } from '../roundtrip.ts';

const CODE = 'CREATE DOMAIN code AS text CONSTRAINT code_length CHECK (length(VALUE) < 10);';
const ITEMS = (type: string) => `CREATE TABLE items (id int PRIMARY KEY, code ${type});`;
const ITEMS_ROWS = "INSERT INTO items VALUES (1, 'AB'), (2, 'CD');";
const CODES = {
  insert: ITEMS_ROWS,
  query: 'SELECT id, code::text AS code FROM items ORDER BY id',
  rows: [
    { id: 1, code: 'AB' },
    { id: 2, code: 'CD' },
  ],
};
const BOOKINGS = 'CREATE TABLE bookings (id int PRIMARY KEY, room int NOT NULL, during tsrange NOT NULL);';
const BOOKING_ROWS =
  "INSERT INTO bookings VALUES (1, 1, '[2026-01-01 10:00, 2026-01-01 11:00)'), " +
  "(2, 1, '[2026-01-01 11:00, 2026-01-01 12:00)');";
const NO_OVERLAP = 'ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&);';
const EVENTS =
  'CREATE TABLE events (id int NOT NULL, at date NOT NULL, kind text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);';
const Y2025 = "CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');";
const Y2026 = "CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');";
const EVENTS_DEFAULT = 'CREATE TABLE events_default PARTITION OF events DEFAULT;';
const EVENT_ROWS = "INSERT INTO events VALUES (1, '2025-03-01', 'a'), (2, '2026-03-01', 'b'), (3, '2030-01-01', 'c');";
const EVENTS_KEPT = {
  insert: EVENT_ROWS,
  query: 'SELECT id, tableoid::regclass::text AS part FROM events ORDER BY id',
  rows: [
    { id: 1, part: 'events_2025' },
    { id: 2, part: 'events_2026' },
    { id: 3, part: 'events_default' },
  ],
};

const domains: PairCase[] = [
  {
    name: 'create a domain with a default, NOT NULL and a check, used by a new column',
    from: ITEMS('text'),
    to:
      'CREATE DOMAIN positive AS int DEFAULT 1 NOT NULL CONSTRAINT positive_check CHECK (VALUE > 0); ' +
      `${ITEMS('text')} ALTER TABLE items ADD COLUMN qty positive;`,
    data: {
      insert: ITEMS_ROWS,
      query: 'SELECT id, qty::int AS qty FROM items ORDER BY id',
      rows: [
        { id: 1, qty: 1 },
        { id: 2, qty: 1 },
      ],
      downQuery: 'SELECT count(*)::int AS n FROM items',
      down: [{ n: 2 }],
    },
    expect: { upgrade: ['CREATE DOMAIN positive AS integer DEFAULT 1 NOT NULL CONSTRAINT positive_check CHECK'] },
  },
  {
    name: 'drop a domain and the column of its type',
    from: `${CODE} ${ITEMS('code')}`,
    to: ITEMS('text').replace(', code text', ''),
    expect: { destructive: true },
  },
  {
    name: "change a domain's default, NOT NULL and checks, rows kept",
    from: `${CODE} ${ITEMS('code')}`,
    to:
      "CREATE DOMAIN code AS text DEFAULT 'X' NOT NULL CONSTRAINT code_length CHECK (length(VALUE) < 20) " +
      `CONSTRAINT code_upper CHECK (VALUE = upper(VALUE)); ${ITEMS('code')}`,
    data: CODES,
    expect: { upgrade: ['ALTER DOMAIN code DROP CONSTRAINT code_length', 'ALTER DOMAIN code SET NOT NULL'] },
  },
  {
    name: 'a domain with a collation and a comment',
    from: '',
    to: `CREATE DOMAIN ascii_name AS text COLLATE "C"; COMMENT ON DOMAIN ascii_name IS 'sorted bytewise';`,
  },
  {
    name: 'comment on a domain changed, nothing else',
    from: `${CODE} COMMENT ON DOMAIN code IS 'old';`,
    to: `${CODE} COMMENT ON DOMAIN code IS 'new';`,
    expect: { upgrade: ["COMMENT ON DOMAIN code IS 'new'"] },
  },
  {
    name: 'a domain over an enum, both created and dropped in order',
    from: ITEMS('text'),
    to:
      "CREATE TYPE mood AS ENUM ('sad', 'ok'); CREATE DOMAIN happy_mood AS mood CHECK (VALUE <> 'sad'); " +
      `${ITEMS('text')} ALTER TABLE items ADD COLUMN mood happy_mood;`,
  },
  {
    name: 'an unused domain given another base type is created again',
    from: 'CREATE DOMAIN amount AS int;',
    to: 'CREATE DOMAIN amount AS numeric(12,2);',
  },
  {
    name: 'a domain check added NOT VALID stays unvalidated',
    from: `${CODE} ${ITEMS('code')}`,
    to: `${CODE} ALTER DOMAIN code ADD CONSTRAINT code_short CHECK (length(VALUE) < 3) NOT VALID; ${ITEMS('code')}`,
    data: CODES,
  },
];

const exclusions: PairCase[] = [
  {
    name: 'create a table with an exclusion constraint',
    from: '',
    to: `${BOOKINGS} ${NO_OVERLAP}`,
  },
  {
    name: 'add an exclusion constraint to a table with rows',
    from: BOOKINGS,
    to: `${BOOKINGS} ${NO_OVERLAP}`,
    data: {
      insert: BOOKING_ROWS,
      query: 'SELECT count(*)::int AS n FROM bookings',
      rows: [{ n: 2 }],
    },
    expect: { upgrade: ['ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&)'] },
  },
  {
    name: "change an exclusion constraint's predicate",
    from: `${BOOKINGS} ${NO_OVERLAP}`,
    to: `${BOOKINGS} ${NO_OVERLAP.replace('(during WITH &&)', '(during WITH &&) WHERE (room > 0)')}`,
    expect: { upgrade: ['DROP CONSTRAINT bookings_no_overlap', 'WHERE ((room > 0))'] },
  },
  {
    name: 'rename an exclusion constraint (same content)',
    from: `${BOOKINGS} ${NO_OVERLAP}`,
    to: `${BOOKINGS} ${NO_OVERLAP.replace('bookings_no_overlap', 'bookings_disjoint')}`,
    expect: { upgrade: ['RENAME CONSTRAINT bookings_no_overlap TO bookings_disjoint'] },
  },
];

const partitions: PairCase[] = [
  {
    name: 'create a range-partitioned table with partitions, a default one and an index',
    from: '',
    to: `${EVENTS} ${Y2025} ${EVENTS_DEFAULT} CREATE INDEX events_kind_idx ON events (kind);`,
    expect: { upgrade: ['PARTITION BY RANGE (at)', 'PARTITION OF events DEFAULT'] },
  },
  {
    name: 'add a partition to a partitioned table, rows kept',
    from: `${EVENTS} ${Y2025} ${EVENTS_DEFAULT}`,
    to: `${EVENTS} ${Y2025} ${Y2026} ${EVENTS_DEFAULT}`,
    data: {
      insert: "INSERT INTO events VALUES (1, '2025-03-01', 'a'), (3, '2030-01-01', 'c');",
      query: 'SELECT id, tableoid::regclass::text AS part FROM events ORDER BY id',
      rows: [
        { id: 1, part: 'events_2025' },
        { id: 3, part: 'events_default' },
      ],
    },
    expect: {
      upgrade: ["CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')"],
    },
  },
  {
    name: 'drop a partition',
    from: `${EVENTS} ${Y2025} ${Y2026} ${EVENTS_DEFAULT}`,
    to: `${EVENTS} ${Y2025} ${EVENTS_DEFAULT}`,
    expect: { destructive: true },
  },
  {
    name: 'add a column to a partitioned table: its partitions follow, rows kept',
    from: `${EVENTS} ${Y2025} ${Y2026} ${EVENTS_DEFAULT}`,
    to: `${EVENTS.replace('kind text', 'kind text, note text')} ${Y2025} ${Y2026} ${EVENTS_DEFAULT}`,
    data: EVENTS_KEPT,
    expect: { upgrade: ['ALTER TABLE events ADD COLUMN note text'] },
  },
  {
    name: 'list partitions, one of them hash-partitioned in turn',
    from: '',
    to:
      'CREATE TABLE sales (id int NOT NULL, region text NOT NULL) PARTITION BY LIST (region); ' +
      "CREATE TABLE sales_eu PARTITION OF sales FOR VALUES IN ('eu', 'uk'); " +
      "CREATE TABLE sales_us PARTITION OF sales FOR VALUES IN ('us') PARTITION BY HASH (id); " +
      'CREATE TABLE sales_us_0 PARTITION OF sales_us FOR VALUES WITH (modulus 2, remainder 0); ' +
      'CREATE TABLE sales_us_1 PARTITION OF sales_us FOR VALUES WITH (modulus 2, remainder 1);',
  },
  {
    name: "a partition's own check and index, beside what it inherits",
    from: `${EVENTS} ${Y2025}`,
    to:
      `${EVENTS} ${Y2025} ${Y2026} ALTER TABLE events_2026 ADD CONSTRAINT events_2026_kind CHECK (kind <> ''); ` +
      'CREATE INDEX events_2026_kind_idx ON events_2026 (kind);',
  },
  {
    name: 'a plain table made partitioned is created again, the drop reported',
    from: 'CREATE TABLE logs (id int NOT NULL, at date NOT NULL);',
    to:
      'CREATE TABLE logs (id int NOT NULL, at date NOT NULL) PARTITION BY RANGE (at); ' +
      'CREATE TABLE logs_all PARTITION OF logs DEFAULT;',
    expect: { destructive: true },
  },
];

export const postgresKindCases: readonly PairCase[] = [...domains, ...exclusions, ...partitions];

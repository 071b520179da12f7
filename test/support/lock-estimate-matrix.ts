// The matrix the lock-hold estimates are held to (issue 20): tables of a given row count — a
// plain one, one with five more indexes, one with wide rows, and a referenced one — and the
// statements that hold a lock while they work: rewrites, validation scans, index builds,
// foreign keys. Each case is estimated by the live preview, then run for real (in a
// transaction that is rolled back, or as is for VACUUM FULL, which changes no data) and the
// two are compared. Shared by the embedded-PostgreSQL test and `npm run bench`.
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { replaySql } from '../../electron/engine/lint/linter.ts';
import { lintFileText } from '../../electron/engine/lint/lint-file.ts';
import type { Calibration, UnitCosts } from '../../electron/engine/lint/live/calibration.ts';
import { liveImpact } from '../../electron/engine/lint/live/live-impact.ts';
import { SchemaModel } from '../../electron/engine/lint/schema/model.ts';

/** Unit costs for tests where the numbers matter less than the shape of the answer. */
export const EXAMPLE_UNIT_COSTS: UnitCosts = {
  scanRow: 1e-7,
  scanByte: 1e-9,
  copyRow: 1e-6,
  copyByte: 1e-8,
  sortIntRow: 5e-8,
  sortTextRow: 2e-7,
  joinRow: 5e-7,
  sampleRows: 100_000,
  maintenanceWorkMem: 64 * 1024 * 1024,
  sharedBuffers: 128 * 1024 * 1024,
};

const SCHEMA = `
CREATE TABLE lk_parent (id int PRIMARY KEY, v text);
CREATE TABLE lk_plain (id int PRIMARY KEY, a int, b text, c float8);
CREATE TABLE lk_indexed (id int PRIMARY KEY, a int, b text, c float8);
CREATE INDEX lk_indexed_a ON lk_indexed (a);
CREATE INDEX lk_indexed_b ON lk_indexed (b);
CREATE INDEX lk_indexed_c ON lk_indexed (c);
CREATE INDEX lk_indexed_ac ON lk_indexed (a, c);
CREATE INDEX lk_indexed_ba ON lk_indexed (b, a);
CREATE TABLE lk_wide (id int PRIMARY KEY, a int, b text, c float8, pad text);
`;

export type MatrixTable = 'lk_parent' | 'lk_plain' | 'lk_indexed' | 'lk_wide';
export const MATRIX_TABLES: readonly MatrixTable[] = ['lk_parent', 'lk_plain', 'lk_indexed', 'lk_wide'];

/**
 * Builds the matrix's tables (all, or `tables`) with `rows` rows each, from generate_series; `a` is a permutation
 * of the parent's keys, as a real foreign key's column is, not a sorted copy of them.
 */
export async function buildMatrix(
  client: pg.Client,
  rows: number,
  tables: readonly MatrixTable[] = MATRIX_TABLES,
): Promise<void> {
  const n = Math.floor(rows);
  const a = `((g::bigint * 7919) % ${n} + 1)::int`;
  const fill: Record<MatrixTable, string> = {
    lk_parent: `CREATE TABLE lk_parent (id int, v text);
      INSERT INTO lk_parent SELECT g, md5(g::text) FROM generate_series(1, ${n}) g;`,
    lk_plain: `CREATE TABLE lk_plain (id int, a int, b text, c float8);
      INSERT INTO lk_plain SELECT g, ${a}, md5(g::text), g FROM generate_series(1, ${n}) g;`,
    lk_indexed: `CREATE TABLE lk_indexed (id int, a int, b text, c float8);
      INSERT INTO lk_indexed SELECT g, ${a}, md5(g::text), g FROM generate_series(1, ${n}) g;`,
    lk_wide: `CREATE TABLE lk_wide (id int, a int, b text, c float8, pad text);
      INSERT INTO lk_wide SELECT g, ${a}, md5(g::text), g, repeat(md5(g::text), 12) FROM generate_series(1, ${n}) g;`,
  };
  await client.query(`DROP TABLE IF EXISTS ${MATRIX_TABLES.join(', ')} CASCADE`);
  // Rows first, then the keys and indexes: as fast as PostgreSQL loads them.
  await client.query(tables.map((t) => fill[t]).join('\n'));
  const indexes = SCHEMA.split('\n').filter((l) => l.startsWith('CREATE INDEX') && tables.includes('lk_indexed'));
  await client.query(indexes.join('\n') + tables.map((t) => `ALTER TABLE ${t} ADD PRIMARY KEY (id);`).join(''));
  await client.query(`VACUUM ANALYZE ${tables.join(', ')}`);
}

export interface MatrixCase {
  readonly name: string;
  readonly table: string;
  readonly sql: string;
  /** Cannot run in a transaction block; changes no data, so it is run as is. */
  readonly outsideTransaction?: true;
}

/** The statements, per table. `full`: every case; else one of each kind (the test's). */
export function matrixCases(full: boolean): MatrixCase[] {
  const on = (table: string, name: string, sql: string): MatrixCase => ({ name: `${name} (${table})`, table, sql });
  const fk = (t: string): string => `ALTER TABLE ${t} ADD CONSTRAINT ${t}_fk FOREIGN KEY (a) REFERENCES lk_parent (id)`;
  const cases = [
    on('lk_plain', 'rewrite: volatile default', 'ALTER TABLE lk_plain ADD COLUMN z float8 DEFAULT random()'),
    on('lk_indexed', 'rewrite: volatile default', 'ALTER TABLE lk_indexed ADD COLUMN z float8 DEFAULT random()'),
    on('lk_plain', 'rewrite: ALTER TYPE', 'ALTER TABLE lk_plain ALTER COLUMN c TYPE numeric'),
    // The common widening of a key: a cast per row, and the primary key rebuilt.
    on('lk_plain', 'rewrite: ALTER TYPE int→bigint', 'ALTER TABLE lk_plain ALTER COLUMN id TYPE bigint'),
    // A function per row over a text column, into a narrower one.
    on(
      'lk_plain',
      'rewrite: ALTER TYPE text→int USING',
      'ALTER TABLE lk_plain ALTER COLUMN b TYPE int USING length(b)',
    ),
    on('lk_wide', 'scan: SET NOT NULL', 'ALTER TABLE lk_wide ALTER COLUMN a SET NOT NULL'),
    on('lk_plain', 'scan: ADD CHECK', 'ALTER TABLE lk_plain ADD CONSTRAINT lk_plain_ck CHECK (c > -1)'),
    on('lk_plain', 'CREATE INDEX int', 'CREATE INDEX ON lk_plain (a)'),
    on('lk_plain', 'CREATE INDEX text', 'CREATE INDEX ON lk_plain (b)'),
    on('lk_plain', 'ADD FOREIGN KEY', fk('lk_plain')),
  ];
  if (!full) return cases;
  return [
    ...cases,
    on('lk_wide', 'rewrite: volatile default', 'ALTER TABLE lk_wide ADD COLUMN z float8 DEFAULT random()'),
    { ...on('lk_plain', 'rewrite: VACUUM FULL', 'VACUUM FULL lk_plain'), outsideTransaction: true },
    on('lk_plain', 'scan: SET NOT NULL', 'ALTER TABLE lk_plain ALTER COLUMN a SET NOT NULL'),
    on('lk_wide', 'scan: ADD CHECK', 'ALTER TABLE lk_wide ADD CONSTRAINT lk_wide_ck CHECK (c > -1)'),
    on('lk_wide', 'CREATE INDEX int', 'CREATE INDEX ON lk_wide (a)'),
    on('lk_wide', 'CREATE INDEX text', 'CREATE INDEX ON lk_wide (b)'),
    on('lk_wide', 'ADD FOREIGN KEY', fk('lk_wide')),
  ];
}

export interface CaseResult {
  readonly name: string;
  readonly rows: number;
  readonly estimatedSeconds: number;
  /** Median of the runs. */
  readonly actualSeconds: number;
  /** estimated / actual. */
  readonly ratio: number;
  readonly method: string | null;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

async function runOnce(client: pg.Client, c: MatrixCase): Promise<number> {
  if (c.outsideTransaction) {
    const t0 = performance.now();
    await client.query(c.sql);
    return (performance.now() - t0) / 1000;
  }
  await client.query('BEGIN');
  try {
    const t0 = performance.now();
    await client.query(c.sql);
    return (performance.now() - t0) / 1000;
  } finally {
    await client.query('ROLLBACK');
  }
}

/** The preview's estimate for one case against the median of `runs` real runs (a number, or one per estimate). */
export async function measureCase(
  client: pg.Client,
  url: string,
  calibration: Calibration,
  c: MatrixCase,
  rows: number,
  runs: number | ((estimatedSeconds: number) => number),
): Promise<CaseResult> {
  const model = new SchemaModel();
  replaySql(model, SCHEMA);
  const report = await lintFileText(`${c.sql};\n`, 'matrix.sql', {}, model);
  const impact = await liveImpact(url, report.statements, { calibration });
  const relation = impact.relations.find((r) => r.relation === c.table);
  const estimatedSeconds = relation?.estimatedSeconds;
  if (estimatedSeconds === null || estimatedSeconds === undefined)
    throw new Error(`no estimate for ${c.name}: ${JSON.stringify(impact.relations)}`);
  const times: number[] = [];
  const count = typeof runs === 'number' ? runs : runs(estimatedSeconds);
  for (let i = 0; i < count; i++) times.push(await runOnce(client, c));
  const actualSeconds = median(times);
  return {
    name: c.name,
    rows,
    estimatedSeconds,
    actualSeconds,
    ratio: estimatedSeconds / actualSeconds,
    method: relation?.method ?? null,
  };
}

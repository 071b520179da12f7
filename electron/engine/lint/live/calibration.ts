// What the work of a migration costs on this server, measured once per server and kept.
//
// A single copy rate measured at every lint varied 6× between runs of the same setup (22 to
// 140 MB/s on a shared machine), and a rate per byte alone cannot price what is paid per row
// or per comparison. So the probe measures each kind of work the estimates price, on sample
// tables built inside a transaction that is rolled back:
//   - a sequential scan and a CREATE TABLE AS copy, of a narrow and of a wide table, which
//     separate the cost per row from the cost per byte;
//   - CREATE INDEX on an integer and on a text column (scan, sort, write);
//   - ADD FOREIGN KEY, which validates with the same anti-join PostgreSQL runs for a real one.
// Each is repeated and the median kept, so one stall of a busy machine does not become the
// estimate. The result is cached per server (URL) for the life of the process.
import { performance } from 'node:perf_hooks';
import type { PgSession } from '../../dialects/postgres/sessions.ts';

/** Seconds per unit of work on this server. */
export interface UnitCosts {
  readonly scanRow: number;
  readonly scanByte: number;
  readonly copyRow: number;
  readonly copyByte: number;
  /** Index build beyond its heap scan (sort and write), per row. */
  readonly sortIntRow: number;
  readonly sortTextRow: number;
  /** Foreign-key validation beyond scanning both tables, per row of the two. */
  readonly joinRow: number;
  /** Sample rows of the probe, the reference point of the size-dependent terms. */
  readonly sampleRows: number;
  /** maintenance_work_mem in bytes: index sorts and foreign-key checks spill past it. */
  readonly maintenanceWorkMem: number;
  /** shared_buffers in bytes: a table larger than them is read through the OS page cache. */
  readonly sharedBuffers: number;
}

export interface Calibration {
  readonly costs: UnitCosts;
  /** How it was measured, for the preview. */
  readonly method: string;
}

export interface CalibrateOptions {
  /** Rows of the narrow sample (default 100,000; the wide one has a quarter). */
  readonly sampleRows?: number;
  /** Probe rounds; the median of each measurement is kept (default 3). */
  readonly rounds?: number;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * Per-row and per-byte costs from two measurements of the same work on a narrow and a wide
 * table: t = rows·r + bytes·b. A negative solution (noise) falls back to all per-byte.
 */
export function splitRowByte(
  narrow: { rows: number; bytes: number; seconds: number },
  wide: { rows: number; bytes: number; seconds: number },
): { row: number; byte: number } {
  const det = narrow.rows * wide.bytes - wide.rows * narrow.bytes;
  const row = (narrow.seconds * wide.bytes - wide.seconds * narrow.bytes) / det;
  const byte = (narrow.rows * wide.seconds - wide.rows * narrow.seconds) / det;
  if (det !== 0 && row >= 0 && byte >= 0) return { row, byte };
  const perByte = (narrow.seconds + wide.seconds) / (narrow.bytes + wide.bytes);
  return { row: 0, byte: perByte };
}

const MB = 1024 * 1024;
const SCANS_PER_TIMING = 5;

/** A memory setting in bytes ('64MB'). */
async function setting(client: PgSession, name: string): Promise<number> {
  const rows = await client.query<{ v: number }>(`SELECT pg_size_bytes(current_setting($1))::float8 AS v`, [name]);
  return Number(rows[0]?.v ?? 0);
}

/** Measures the unit costs on the server `client` is connected to; nothing is left behind. */
export async function calibrate(client: PgSession, options: CalibrateOptions = {}): Promise<Calibration> {
  const rows = Math.max(10_000, Math.floor(options.sampleRows ?? 100_000));
  const wideRows = Math.floor(rows / 4);
  const rounds = Math.max(1, Math.floor(options.rounds ?? 3));
  const maintenanceWorkMem = await setting(client, 'maintenance_work_mem');
  const sharedBuffers = await setting(client, 'shared_buffers');
  await client.query('BEGIN');
  try {
    await client.query('SET LOCAL statement_timeout = 0');
    // The integer column is a permutation of the parent's keys, as a real foreign key's column
    // is: sorted input would make both the sort and the join look cheaper than they are.
    await client.query(
      `CREATE TABLE strata_probe_parent (id int PRIMARY KEY);
       INSERT INTO strata_probe_parent SELECT g FROM generate_series(1, ${rows}) g;
       CREATE TABLE strata_probe_narrow AS SELECT g AS id, ((g::bigint * 7919) % ${rows} + 1)::int AS a,
         md5(g::text) AS b, g::float8 AS c FROM generate_series(1, ${rows}) g;
       CREATE TABLE strata_probe_wide AS SELECT g AS id, md5(g::text) AS b, g::float8 AS c,
         repeat(md5(g::text), 12) AS pad FROM generate_series(1, ${wideRows}) g;
       ANALYZE strata_probe_parent, strata_probe_narrow, strata_probe_wide`,
    );
    const size = async (table: string): Promise<number> =>
      Number((await client.query<{ s: string }>(`SELECT pg_relation_size('${table}')::text AS s`))[0]?.s ?? 0);
    const narrowBytes = await size('strata_probe_narrow');
    const wideBytes = await size('strata_probe_wide');
    const parentBytes = await size('strata_probe_parent');
    const timed = async (sql: string): Promise<number> => {
      const t0 = performance.now();
      await client.query(sql);
      return Math.max(1e-5, (performance.now() - t0) / 1000);
    };
    const samples: Record<string, number[]> = {};
    const take = (key: string, seconds: number): void => void (samples[key] ??= []).push(seconds);
    // A scan of the sample takes milliseconds, where one stall of a busy machine is as long: each
    // timing covers several scans in one round trip.
    const scans = (table: string, column: string): string =>
      Array.from({ length: SCANS_PER_TIMING }, () => `SELECT count(*) FROM ${table} WHERE ${column} IS NOT NULL;`).join(
        '',
      );
    const perScan = (seconds: number): number => seconds / SCANS_PER_TIMING;
    for (let round = 0; round < rounds; round++) {
      take('scanNarrow', perScan(await timed(scans('strata_probe_narrow', 'c'))));
      take('scanWide', perScan(await timed(scans('strata_probe_wide', 'c'))));
      take('copyNarrow', await timed(`CREATE TABLE strata_probe_cn${round} AS SELECT * FROM strata_probe_narrow`));
      take('copyWide', await timed(`CREATE TABLE strata_probe_cw${round} AS SELECT * FROM strata_probe_wide`));
      take('indexInt', await timed('CREATE INDEX ON strata_probe_narrow (a)'));
      take('indexText', await timed('CREATE INDEX ON strata_probe_narrow (b)'));
      take(
        'foreignKey',
        await timed(`ALTER TABLE strata_probe_narrow ADD FOREIGN KEY (a) REFERENCES strata_probe_parent (id)`),
      );
    }
    const m = (key: string): number => median(samples[key] ?? [0]);
    const scan = splitRowByte(
      { rows, bytes: narrowBytes, seconds: m('scanNarrow') },
      { rows: wideRows, bytes: wideBytes, seconds: m('scanWide') },
    );
    const copy = splitRowByte(
      { rows, bytes: narrowBytes, seconds: m('copyNarrow') },
      { rows: wideRows, bytes: wideBytes, seconds: m('copyWide') },
    );
    const scanNarrow = rows * scan.row + narrowBytes * scan.byte;
    const scanParent = rows * scan.row + parentBytes * scan.byte;
    // What the sample's foreign-key check read (both tables), to leave the join's own cost.
    const perSortedRow = (seconds: number): number => Math.max(0, seconds - scanNarrow) / rows;
    const costs: UnitCosts = {
      scanRow: scan.row,
      scanByte: scan.byte,
      copyRow: copy.row,
      copyByte: copy.byte,
      sortIntRow: perSortedRow(m('indexInt')),
      sortTextRow: perSortedRow(m('indexText')),
      joinRow: Math.max(0, m('foreignKey') - scanNarrow - scanParent) / (2 * rows),
      sampleRows: rows,
      maintenanceWorkMem,
      sharedBuffers,
    };
    const ms = (key: string): string => `${(m(key) * 1000).toFixed(0)} ms`;
    return {
      costs,
      method:
        `calibrated once on this server in a rolled-back transaction (median of ${rounds} rounds): ` +
        `sample tables of ${rows} narrow rows (${(narrowBytes / MB).toFixed(1)} MB) and ${wideRows} wide rows ` +
        `(${(wideBytes / MB).toFixed(1)} MB) scanned (${ms('scanNarrow')}, ${ms('scanWide')}), copied by CREATE ` +
        `TABLE AS (${ms('copyNarrow')}, ${ms('copyWide')}), indexed on an integer and a text column ` +
        `(${ms('indexInt')}, ${ms('indexText')}) and validated against a foreign key (${ms('foreignKey')}); ` +
        `the samples were in shared buffers, so a table read from disk takes longer`,
    };
  } finally {
    await client.query('ROLLBACK').catch(() => {});
  }
}

const cache = new Map<string, Promise<Calibration>>();

/** The calibration of the server at `key` (its URL), measured on first use and kept; a failure is not kept. */
export function cachedCalibration(
  key: string,
  measure: () => Promise<Calibration>,
): { calibration: Promise<Calibration>; cached: boolean } {
  const known = cache.get(key);
  if (known) return { calibration: known, cached: true };
  const calibration = measure();
  cache.set(key, calibration);
  calibration.catch(() => cache.delete(key));
  return { calibration, cached: false };
}

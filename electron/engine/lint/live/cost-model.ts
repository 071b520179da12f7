// How long a statement's work should take, from the catalog's sizes and the server's measured
// unit costs (calibration.ts). Pure: the numbers in, seconds and the reasoning out.
//
// What PostgreSQL does, and so what is priced:
//   - a validation scan (SET NOT NULL, CHECK): every row read, per row and per byte;
//   - an index build: the heap scanned, the keys sorted (an integer key compares far faster
//     than a collated text key) and the index written; past maintenance_work_mem the sort
//     spills its keys to temporary files (the OS page cache) and reads them back. Priced per
//     row as the sample's build was: the n log n of the comparisons is offset, on the issue-20
//     matrix, by the parallel workers PostgreSQL gives a larger table (one more per tripling);
//   - a rewrite (ALTER TYPE, a volatile default, VACUUM FULL, CLUSTER): the heap copied, then
//     every index rebuilt from the new heap as above;
//   - a foreign-key validation: one anti-join of the two tables (RI_Initial_Check), both read
//     in full, joined as the planner says (validation-plan.ts; without a plan, the referenced
//     keys hashed), in one process with work_mem raised to maintenance_work_mem and
//     hash_mem_multiplier 1. A hash table that outgrows the CPU caches costs more per row; one
//     that outgrows the memory limit is split in batches, each side's rows beyond the first
//     batch written to temporary files and read back, and only one batch's table is in memory
//     at a time, so the per-row cost grows with that batch, not with the whole table.
// Only the work is priced: time spent waiting for the lock itself is not.
import type { UnitCosts } from './calibration.ts';
import type { JoinInput, ValidationPlan } from './validation-plan.ts';

export interface IndexShape {
  readonly name: string;
  /** Average width in bytes of the key columns (pg_stats.avg_width, else the type's length). */
  readonly keyWidth: number;
  /** The leading key is a collatable type (text, varchar…): compared by the collation, slowly. */
  readonly textKey: boolean;
}

export interface TableShape {
  readonly name: string;
  readonly rows: number;
  readonly heapBytes: number;
  readonly indexes: readonly IndexShape[];
}

export type PricedWork =
  | { readonly kind: 'scan'; readonly table: TableShape }
  | { readonly kind: 'rewrite'; readonly table: TableShape }
  | { readonly kind: 'index-build'; readonly table: TableShape; readonly index: IndexShape }
  | {
      readonly kind: 'foreign-key';
      readonly table: TableShape;
      readonly referenced: TableShape;
      /** The referencing columns, of the referenced key's type. */
      readonly key: IndexShape;
      /** The check's plan, when the server could be asked (validation-plan.ts). */
      readonly plan?: ValidationPlan;
    };

export interface Estimate {
  readonly seconds: number;
  /** The terms, as a person reads them: "copy 85 MB (1.2 s) + rebuild 3 indexes (2.0 s)". */
  readonly method: string;
}

/** Bytes a sort keeps per key beyond the key itself (SortTuple, index tuple header, allocation). */
const SORT_TUPLE_OVERHEAD = 40;
/** Bytes a hash join keeps per inner row beyond the key (HashJoinTuple, bucket pointer). */
const HASH_TUPLE_OVERHEAD = 48;
/**
 * How the per-row cost of a hash probe grows with the hash table: the probe's table sits in
 * the CPU caches, a large one does not. Cost per row × (size / sample size) ^ this, measured on
 * the issue-20 matrix (10^5 to 10^7 rows).
 */
const HASH_CACHE_EXPONENT = 0.3;
/**
 * A table larger than shared_buffers is read through the OS page cache (a copy per page, and a
 * ring buffer of 256 kB): each byte beyond them costs this many times a byte found in shared
 * buffers, where the probe's samples are. Measured on the issue-20 matrix, on the table whose
 * scan is mostly bytes: wide rows (460 bytes), 0.46 GB at 10^6 rows and 4.6 GB at 10^7, scanned
 * in 0.2 s and 1.85-1.97 s. A factor of 2.2, fitted on the narrow table (whose scans are mostly
 * per row, so that the factor hardly shows), put those estimates at half the real time
 * (0.47-0.57); 5 put them at 0.88-0.95 at 10^7 but the narrow table's scans there at 1.4-1.5.
 */
export const OS_CACHE_BYTE_FACTOR = 4;

function scanSeconds(c: UnitCosts, t: TableShape): number {
  const beyond = Math.max(0, t.heapBytes - c.sharedBuffers);
  return t.rows * c.scanRow + (t.heapBytes + beyond * (OS_CACHE_BYTE_FACTOR - 1)) * c.scanByte;
}

/**
 * Bytes written to temporary files and read back once (an external sort's runs, a hash join's
 * batches). They are neither WAL-logged nor kept in shared buffers: they go to the OS page cache,
 * each byte at the price of a table byte read from there, not of a byte copied into a table. (On
 * the issue-20 matrix at 10^7 rows, a foreign-key check in 16 batches of 38 MB ran in 41-43 s
 * where one 483 MB hash table took 55-57 s; and the 240 MB of sort files of a 10^7-row integer
 * key, priced as table copies, came to 5 s of an index build that ran in 10-13 s in all.)
 */
function temporaryFileSeconds(c: UnitCosts, bytes: number): number {
  return 2 * bytes * c.scanByte * OS_CACHE_BYTE_FACTOR;
}

function copySeconds(c: UnitCosts, t: TableShape): number {
  return t.rows * c.copyRow + t.heapBytes * c.copyByte;
}

function growth(size: number, reference: number, exponent: number): number {
  return size > reference ? (size / reference) ** exponent : 1;
}

/** Sort and write of one index over rows already scanned. */
function sortSeconds(c: UnitCosts, rows: number, index: IndexShape): number {
  if (rows < 2) return 0;
  const perRow = index.textKey ? c.sortTextRow : c.sortIntRow;
  const sortBytes = rows * (index.keyWidth + SORT_TUPLE_OVERHEAD);
  const compare = rows * perRow;
  // An external sort writes every key to temporary files and reads it back, once per merge.
  const spill = sortBytes > c.maintenanceWorkMem ? temporaryFileSeconds(c, rows * (index.keyWidth + 8)) : 0;
  return compare + spill;
}

/** A temporary-file row of a hash batch beyond its width: MinimalTuple header and hash value. */
const BATCH_TUPLE_OVERHEAD = 20;

interface JoinPrice {
  readonly seconds: number;
  readonly method: string;
}

/** The join's own work, beyond reading both tables: build, probe, sorts, batches. */
function joinPrice(c: UnitCosts, plan: ValidationPlan, key: IndexShape): JoinPrice {
  const { probe, build } = plan;
  const rows = probe.rows + build.rows;
  if (plan.method !== 'hash') {
    // Merge: both inputs in key order, read once each; a side not read from an index is sorted first.
    // Nested loop: each probe row looks its key up in the other side.
    const sortKey = { ...key, keyWidth: Math.max(key.keyWidth, 1) };
    const sorts = [probe, build].filter((s) => s.sorted).reduce((sum, s) => sum + sortSeconds(c, s.rows, sortKey), 0);
    const perRow = (plan.method === 'merge' ? rows : probe.rows) * c.joinRow;
    return {
      seconds: sorts + perRow,
      method: `${plan.method} anti-join of ${Math.round(probe.rows)} rows against ${Math.round(build.rows)}`,
    };
  }
  const hashBytes = build.rows * (build.width + HASH_TUPLE_OVERHEAD);
  // ExecChooseHashTableSize: batches, a power of two, until one batch's table fits work_mem.
  const limit = c.maintenanceWorkMem;
  const batches = hashBytes > limit ? 2 ** Math.ceil(Math.log2(hashBytes / limit)) : 1;
  const sampleHash = c.sampleRows * (4 + HASH_TUPLE_OVERHEAD);
  const perRow = c.joinRow * growth(hashBytes / batches, sampleHash, HASH_CACHE_EXPONENT);
  const spilled = 1 - 1 / batches;
  const spillBytes =
    probe.rows * (probe.width + BATCH_TUPLE_OVERHEAD) + build.rows * (build.width + BATCH_TUPLE_OVERHEAD);
  const spill = temporaryFileSeconds(c, spilled * spillBytes);
  return {
    seconds: rows * perRow + spill,
    method:
      `hash anti-join of ${Math.round(probe.rows)} rows against ${Math.round(build.rows)} hashed rows` +
      (batches > 1 ? ` in ${batches} batches (${secs(spill)} of temporary files)` : ''),
  };
}

const MB = 1024 * 1024;
function secs(s: number): string {
  return s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(1)} s`;
}
function mb(bytes: number): string {
  return `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`;
}

/** The seconds one piece of work should take on the calibrated server. */
export function priceWork(c: UnitCosts, work: PricedWork): Estimate {
  switch (work.kind) {
    case 'scan': {
      const s = scanSeconds(c, work.table);
      return { seconds: s, method: `scan ${mb(work.table.heapBytes)} / ${Math.round(work.table.rows)} rows` };
    }
    case 'index-build': {
      const scan = scanSeconds(c, work.table);
      const sort = sortSeconds(c, work.table.rows, work.index);
      return {
        seconds: scan + sort,
        method:
          `scan ${mb(work.table.heapBytes)} (${secs(scan)}) + sort and write ${Math.round(work.table.rows)} ` +
          `${work.index.textKey ? 'text' : 'fixed-width'} keys of ~${Math.round(work.index.keyWidth)} bytes ` +
          `(${secs(sort)})`,
      };
    }
    case 'rewrite': {
      const copy = copySeconds(c, work.table);
      const rebuild = work.table.indexes.reduce(
        (sum, ix) => sum + scanSeconds(c, work.table) + sortSeconds(c, work.table.rows, ix),
        0,
      );
      const n = work.table.indexes.length;
      return {
        seconds: copy + rebuild,
        method:
          `copy ${mb(work.table.heapBytes)} / ${Math.round(work.table.rows)} rows (${secs(copy)})` +
          (n > 0 ? ` + rebuild ${n} index${n === 1 ? '' : 'es'} (${secs(rebuild)})` : ''),
      };
    }
    case 'foreign-key': {
      const scans = scanSeconds(c, work.table) + scanSeconds(c, work.referenced);
      const keyRows = (t: TableShape): JoinInput => ({ rows: t.rows, width: work.key.keyWidth, sorted: false });
      // Without a plan: what PostgreSQL picks for tables of any size, the referenced keys hashed.
      const plan = work.plan ?? { method: 'hash', probe: keyRows(work.table), build: keyRows(work.referenced) };
      const join = joinPrice(c, plan, work.key);
      return {
        seconds: scans + join.seconds,
        method:
          `${join.method}${work.plan ? ' (the planned check, one process)' : ''}: ` +
          `scans (${secs(scans)}) + join (${secs(join.seconds)})`,
      };
    }
  }
}

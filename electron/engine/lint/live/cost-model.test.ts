// The cost model's shape, with unit costs given: what each kind of work adds and how it grows.
// Whether the numbers match real runs is lock-estimates.timing.pg.test.ts's question.
import { describe, expect, it } from 'vitest';
import { EXAMPLE_UNIT_COSTS } from '../../../../test/support/lock-estimate-matrix.ts';
import { splitRowByte } from './calibration.ts';
import { OS_CACHE_BYTE_FACTOR, priceWork, type IndexShape, type TableShape } from './cost-model.ts';
import type { JoinInput, ValidationPlan } from './validation-plan.ts';

const COSTS = EXAMPLE_UNIT_COSTS;
const INT: IndexShape = { name: 'i', keyWidth: 4, textKey: false };
const TEXT: IndexShape = { name: 't', keyWidth: 33, textKey: true };

function table(rows: number, bytesPerRow = 85, indexes: readonly IndexShape[] = [INT]): TableShape {
  return { name: 't', rows, heapBytes: rows * bytesPerRow, indexes };
}

describe('priceWork', () => {
  it('prices a scan per row and per byte: a wide row costs more per row', () => {
    const narrow = priceWork(COSTS, { kind: 'scan', table: table(1e6) }).seconds;
    const wide = priceWork(COSTS, { kind: 'scan', table: table(1e5, 500) }).seconds;
    expect(narrow).toBeCloseTo(1e6 * 1e-7 + 85e6 * 1e-9, 9);
    expect(wide).toBeCloseTo(1e5 * 1e-7 + 50e6 * 1e-9, 9);
  });

  it('prices the bytes of a table larger than shared_buffers dearer: they come through the OS page cache', () => {
    const inBuffers = { ...COSTS, sharedBuffers: 1e12 };
    const big = table(1e6, 500);
    const cached = priceWork(inBuffers, { kind: 'scan', table: big }).seconds;
    const paged = priceWork(COSTS, { kind: 'scan', table: big }).seconds;
    const beyond = 500e6 - 128 * 1024 * 1024;
    expect(paged - cached).toBeCloseTo(beyond * (OS_CACHE_BYTE_FACTOR - 1) * 1e-9, 9);
  });

  it('prices an index build as scan + sort per row, a text key dearer than an integer', () => {
    const t = table(1e5);
    const int = priceWork(COSTS, { kind: 'index-build', table: t, index: INT });
    const text = priceWork(COSTS, { kind: 'index-build', table: t, index: TEXT });
    const scan = priceWork(COSTS, { kind: 'scan', table: t }).seconds;
    expect(int.seconds).toBeCloseTo(scan + 1e5 * 5e-8, 9);
    expect(text.seconds - scan).toBeGreaterThan(3 * (int.seconds - scan));
    expect(text.method).toMatch(/sort and write 100000 text keys of ~33 bytes/);
  });

  it('adds the external sort once the keys outgrow maintenance_work_mem', () => {
    const small = { ...COSTS, maintenanceWorkMem: 1024 };
    const inMemory = priceWork(COSTS, { kind: 'index-build', table: table(1e5), index: TEXT }).seconds;
    const spilled = priceWork(small, { kind: 'index-build', table: table(1e5), index: TEXT }).seconds;
    // Temporary files, written and read back through the OS page cache: not the price of a table copy.
    expect(spilled - inMemory).toBeCloseTo(2 * 1e5 * (33 + 8) * COSTS.scanByte * OS_CACHE_BYTE_FACTOR, 9);
  });

  it('prices a rewrite as a copy plus a rebuild of every index', () => {
    const one = priceWork(COSTS, { kind: 'rewrite', table: table(1e5) });
    const six = priceWork(COSTS, { kind: 'rewrite', table: table(1e5, 85, [INT, INT, INT, TEXT, TEXT, TEXT]) });
    const copy = 1e5 * 1e-6 + 85e5 * 1e-8;
    const rebuildInt = priceWork(COSTS, { kind: 'index-build', table: table(1e5), index: INT }).seconds;
    const rebuildText = priceWork(COSTS, { kind: 'index-build', table: table(1e5), index: TEXT }).seconds;
    expect(one.seconds).toBeCloseTo(copy + rebuildInt, 9);
    expect(six.seconds).toBeCloseTo(copy + 3 * rebuildInt + 3 * rebuildText, 9);
    expect(six.method).toMatch(/rebuild 6 indexes/);
  });

  it('prices a foreign key as a join: more than linear once the hash outgrows the sample', () => {
    const fk = (rows: number, costs = COSTS): number =>
      priceWork(costs, { kind: 'foreign-key', table: table(rows), referenced: table(rows), key: INT }).seconds;
    // At the sample's size the join costs what the probe measured per row.
    expect(fk(1e5)).toBeCloseTo(
      2 * priceWork(COSTS, { kind: 'scan', table: table(1e5) }).seconds + 2e5 * COSTS.joinRow,
      9,
    );
    expect(fk(1e6) / fk(1e5)).toBeGreaterThan(12);
  });

  it('splits a hash past maintenance_work_mem in batches: temporary files, and one batch in memory at a time', () => {
    const big = table(1e7);
    const work = { kind: 'foreign-key', table: big, referenced: big, key: INT } as const;
    const priced = priceWork(COSTS, work);
    const scans = 2 * priceWork(COSTS, { kind: 'scan', table: big }).seconds;
    // 10^7 keys of 4 + 48 bytes: 520 MB, 8 batches of at most 64 MiB (maintenance_work_mem: RI_Initial_Check
    // sets hash_mem_multiplier to 1, so no multiple of it).
    const batches = 8;
    const sampleHash = 1e5 * 52;
    const probe = 2e7 * COSTS.joinRow * (520e6 / batches / sampleHash) ** 0.3;
    const spill = 2 * (1 - 1 / batches) * 2e7 * (4 + 20) * COSTS.scanByte * OS_CACHE_BYTE_FACTOR;
    expect(priced.seconds).toBeCloseTo(scans + probe + spill, 6);
    expect(priced.method).toMatch(/in 8 batches/);
  });

  it("prices the plan the server gave: the side it hashes, a merge join's sorts", () => {
    const child = table(1e6);
    const parent = table(1e4);
    const side = (rows: number, sorted = false): JoinInput => ({ rows, width: 4, sorted });
    const priced = (plan: ValidationPlan): number =>
      priceWork(COSTS, { kind: 'foreign-key', table: child, referenced: parent, key: INT, plan }).seconds;
    const hashParent = priced({ method: 'hash', probe: side(1e6), build: side(1e4) });
    const hashChild = priced({ method: 'hash', probe: side(1e4), build: side(1e6) });
    // Hashing the large side: a table past the CPU caches, each probe dearer.
    expect(hashChild).toBeGreaterThan(hashParent);
    const merge = priced({ method: 'merge', probe: side(1e6, true), build: side(1e4) });
    const sort = priceWork(COSTS, { kind: 'index-build', table: child, index: INT }).seconds;
    const scans = priced({ method: 'merge', probe: side(1e6), build: side(1e4) });
    expect(merge - scans).toBeCloseTo(sort - priceWork(COSTS, { kind: 'scan', table: child }).seconds, 9);
  });
});

describe('splitRowByte', () => {
  it('separates the per-row and the per-byte cost of two measurements', () => {
    const r = 2e-7;
    const b = 3e-9;
    const split = splitRowByte(
      { rows: 1e5, bytes: 8e6, seconds: 1e5 * r + 8e6 * b },
      { rows: 25e3, bytes: 12e6, seconds: 25e3 * r + 12e6 * b },
    );
    expect(split.row).toBeCloseTo(r, 12);
    expect(split.byte).toBeCloseTo(b, 14);
  });

  it('falls back to a per-byte cost when noise makes one of them negative', () => {
    const split = splitRowByte({ rows: 1e5, bytes: 8e6, seconds: 0.1 }, { rows: 25e3, bytes: 12e6, seconds: 0.01 });
    expect(split.row).toBe(0);
    expect(split.byte).toBeCloseTo(0.11 / 20e6, 14);
  });
});

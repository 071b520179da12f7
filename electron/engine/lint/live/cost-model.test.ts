// The cost model's shape, with unit costs given: what each kind of work adds and how it grows.
// Whether the numbers match real runs is lock-estimates.timing.pg.test.ts's question.
import { describe, expect, it } from 'vitest';
import { EXAMPLE_UNIT_COSTS } from '../../../../test/support/lock-estimate-matrix.ts';
import { splitRowByte } from './calibration.ts';
import { priceWork, type IndexShape, type TableShape } from './cost-model.ts';

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
    expect(paged - cached).toBeCloseTo(beyond * 1.2 * 1e-9, 9);
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
    expect(spilled - inMemory).toBeCloseTo(2 * 1e5 * (33 + 8) * 1e-8, 9);
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

  it('prices a foreign key as a join: more than linear once the hash outgrows the sample, batches past memory', () => {
    const fk = (rows: number, costs = COSTS): number =>
      priceWork(costs, { kind: 'foreign-key', table: table(rows), referenced: table(rows), key: INT }).seconds;
    // At the sample's size the join costs what the probe measured per row.
    expect(fk(1e5)).toBeCloseTo(
      2 * priceWork(COSTS, { kind: 'scan', table: table(1e5) }).seconds + 2e5 * COSTS.joinRow,
      9,
    );
    expect(fk(1e6) / fk(1e5)).toBeGreaterThan(12);
    const tight = { ...COSTS, maintenanceWorkMem: 1024 * 1024 };
    expect(fk(1e6, tight)).toBeGreaterThan(fk(1e6));
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

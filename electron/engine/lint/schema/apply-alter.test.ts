// Replaying ALTER TABLE onto the schema model of a long history: a statement changes only the
// parts of a table it names. Tables there carry hundreds of constraints and indexes, and
// rebuilding every one of them at each statement was garbage that cost the lint of a folder
// of 1,000 files its time in the garbage collector.
import { beforeAll, describe, expect, it } from 'vitest';
import { replaySql } from '../linter.ts';
import { loadParser } from '../parse.ts';
import { SchemaModel } from './model.ts';

describe('ALTER TABLE replay', () => {
  beforeAll(async () => {
    await loadParser();
  });

  it('RENAME COLUMN rebuilds only the constraints and indexes that name the column', () => {
    const model = new SchemaModel();
    replaySql(
      model,
      `CREATE TABLE t (id int PRIMARY KEY, a int, b int,
         CONSTRAINT a_pos CHECK (a > 0), CONSTRAINT b_pos CHECK (b > 0));
       CREATE INDEX t_a ON t (a); CREATE INDEX t_b ON t (b);`,
    );
    const table = model.get('public.t');
    const aCheck = table?.constraints.get('a_pos')?.columns;
    const bCheck = table?.constraints.get('b_pos')?.columns;
    const aIndex = model.get('public.t_a')?.index;
    const bIndex = model.get('public.t_b')?.index;
    replaySql(model, 'ALTER TABLE t RENAME COLUMN a TO c;');
    expect(model.get('public.t')?.constraints.get('a_pos')?.columns).toEqual(['c']);
    expect(model.get('public.t_a')?.index?.columns).toEqual(['c']);
    expect(model.get('public.t')?.constraints.get('a_pos')?.columns).not.toBe(aCheck);
    expect(model.get('public.t_a')?.index).not.toBe(aIndex);
    // Untouched: the very same objects.
    expect(model.get('public.t')?.constraints.get('b_pos')?.columns).toBe(bCheck);
    expect(model.get('public.t_b')?.index).toBe(bIndex);
  });

  it('a table with no partition gives an empty list of partitions, and partitions are still found', () => {
    const model = new SchemaModel();
    replaySql(
      model,
      `CREATE TABLE plain (id int);
       CREATE TABLE p (k int) PARTITION BY RANGE (k);
       CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10) PARTITION BY RANGE (k);
       CREATE TABLE p11 PARTITION OF p1 FOR VALUES FROM (0) TO (5);`,
    );
    expect(model.partitionsOf('public.plain')).toEqual([]);
    expect(model.partitionsOf('public.p').map((r) => r.key)).toEqual(['public.p1', 'public.p11']);
  });
});

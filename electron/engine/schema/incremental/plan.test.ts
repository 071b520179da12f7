// The guard rails of the incremental target build, before any database: which edits of
// schema.sql go to the small shadow, and which to the full build (and why).
import { beforeAll, describe, expect, it } from 'vitest';
import { column, foreignKey, index, schema, table, view } from '../../../../test/support/schema-builders.ts';
import { loadParser } from '../../lint/parse.ts';
import { classifyAll } from './target.ts';
import { planIncremental, type PlanResult } from './plan.ts';

const A = 'CREATE TABLE a (id int PRIMARY KEY)';
const B = 'CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id), note text)';
const B_EDITED = 'CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id), note text NOT NULL)';
const B_INDEX = 'CREATE INDEX b_note ON b (note)';

const id = column('id', 'integer', { nullable: false });
const model = schema({
  tables: [
    table('a', [id], { primaryKey: { name: 'a_pkey', columns: ['id'], autoincrement: false } }),
    table('b', [id, column('a_id', 'integer'), column('note', 'text')], {
      foreignKeys: [foreignKey('b_a_id_fkey', ['a_id'], 'a', ['id'])],
    }),
  ],
});

async function plan(before: readonly string[], after: readonly string[], m = model): Promise<PlanResult> {
  const file = (list: readonly string[]) => list.map((s) => `${s};\n`).join('');
  return planIncremental(await classifyAll(file(before)), await classifyAll(file(after)), m);
}

async function whyFull(before: readonly string[], after: readonly string[], m = model): Promise<string> {
  const result = await plan(before, after, m);
  expect(result.kind).toBe('full');
  return result.kind === 'full' ? result.why : '';
}

beforeAll(() => loadParser());

describe('planning an edit of schema.sql', () => {
  it('keeps the model when only comments and spacing changed', async () => {
    const before = await classifyAll(`${A};\n${B};\n`);
    const after = await classifyAll(`-- tables\n${A};\n\n${B}; -- the second\n`);
    expect(planIncremental(before, after, model)).toEqual({ kind: 'same' });
  });

  it('builds only the changed table: all its statements, stubs for the tables it names', async () => {
    const result = await plan([A, B, B_INDEX], [A, B_EDITED, B_INDEX]);
    expect(result.kind).toBe('incremental');
    if (result.kind !== 'incremental') return;
    expect([...result.plan.changed]).toEqual(['public.b']);
    expect(result.plan.statements).toEqual([B_EDITED, B_INDEX]);
    expect(result.plan.referenced.map((t) => t.name)).toEqual(['a']);
  });

  it('counts a table added or removed as changed', async () => {
    const added = await plan([A], [A, 'CREATE TABLE c (x int)']);
    expect(added.kind === 'incremental' && [...added.plan.changed]).toEqual(['public.c']);
  });

  it('falls back on a statement it cannot attribute, changed or not', async () => {
    const DO = 'DO $$ BEGIN PERFORM 1; END $$';
    expect(await whyFull([A, B, DO], [A, B_EDITED, DO])).toMatch(/DoStmt/);
    expect(await whyFull([A, B, 'SET search_path = x'], [A, B_EDITED, 'SET search_path = x'])).toMatch(/Set/);
    const part = 'CREATE TABLE p (x int) PARTITION BY LIST (x)';
    expect(await whyFull([A, B, part], [A, B_EDITED, part])).toMatch(/partition/);
    const copy = 'CREATE TABLE c AS SELECT 1 AS x';
    expect(await whyFull([A, B, copy], [A, B_EDITED, copy])).toMatch(/CREATE TABLE AS/);
  });

  it('falls back when anything but tables changed, or moved', async () => {
    const MOOD = "CREATE TYPE mood AS ENUM ('a')";
    expect(await whyFull([MOOD, A, B], ["CREATE TYPE mood AS ENUM ('a', 'b')", A, B_EDITED])).toMatch(/other/);
    const C = 'CREATE TABLE c (x int)';
    expect(await whyFull([A, C, B], [C, A, B_EDITED])).toMatch(/moved/);
  });

  it('falls back when an unchanged view or function names a changed table', async () => {
    const V = 'CREATE VIEW v AS SELECT note FROM b';
    expect(await whyFull([A, B, V], [A, B_EDITED, V])).toMatch(/names b of a changed table/);
    // An index of the changed table, named by a comment the full build would fail on once it is gone.
    const withIndex = schema({
      tables: [model.tables[0]!, { ...model.tables[1]!, indexes: [index('b_note', ['note'])] }],
    });
    const C = "COMMENT ON INDEX b_note IS 'by note'";
    expect(await whyFull([A, B, B_INDEX, C], [A, B_EDITED, C], withIndex)).toMatch(/names b_note/);
  });

  it('falls back when a type the changed statement may use is created after it', async () => {
    const MOOD = "CREATE TYPE mood AS ENUM ('a')";
    const withMood = 'CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id), note mood)';
    expect(await whyFull([A, B, MOOD], [A, withMood, MOOD])).toMatch(/mood is made after/);
  });

  it('falls back when a changed statement names a table created after it, or no table at all', async () => {
    const C = 'CREATE TABLE c (id int PRIMARY KEY)';
    const bToC = 'CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES c (id), note text)';
    const withC = schema({ tables: [...model.tables, table('c', [id])] });
    expect(await whyFull([A, B, C], [A, bToC, C], withC)).toMatch(/public.c is created after/);
    const withView = schema({ tables: model.tables, views: [view('c', 'SELECT 1 AS id')] });
    const V = 'CREATE VIEW c AS SELECT 1 AS id';
    expect(await whyFull([A, V, B], [A, V, bToC], withView)).toMatch(/public.c, which a changed statement names/);
  });

  it('falls back when a changed table is no longer created before a table whose foreign key names it', async () => {
    const aEdited = 'CREATE TABLE a (id int PRIMARY KEY, extra int)';
    expect(await whyFull([A, B], [B, aEdited])).toMatch(/moved|no longer created before/);
    const C = 'CREATE TABLE c (x int)';
    // b (unchanged, references a) before a (changed): the full build would fail on b.
    expect(await whyFull([C, A, B], [C, B, aEdited])).toMatch(/moved|no longer created before/);
  });
});

// Journaled steps of the schema model: undo puts back exactly the model before the steps
// (relations, their iteration order, domains, enums), and a step remembers only what it
// touched, so that a studio can keep one undo record per revision of a large project.
import { beforeAll, describe, expect, it } from 'vitest';
import { replaySql } from '../linter.ts';
import { loadParser } from '../parse.ts';
import { SchemaModel } from './model.ts';

function state(model: SchemaModel): unknown {
  return {
    relations: [...model.all()].map((r) => structuredClone(r)),
    domains: [...model.domains].map(([k, d]) => [k, { ...d }]),
    enums: [...model.enums],
  };
}

function step(model: SchemaModel, sql: string): ReturnType<SchemaModel['endStep']> {
  model.beginStep();
  replaySql(model, sql);
  model.settle();
  return model.endStep();
}

describe('schema model journal', () => {
  beforeAll(async () => {
    await loadParser();
  });

  it('undo restores the model before the steps, iteration order included', () => {
    const model = new SchemaModel();
    replaySql(
      model,
      `CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));
       CREATE TABLE c (id int PRIMARY KEY, a_id int REFERENCES a (id)); CREATE INDEX ix_b ON b (a_id);
       CREATE DOMAIN d AS int CHECK (VALUE > 0); CREATE TYPE e AS ENUM ('x');
       CREATE TABLE p (k int) PARTITION BY RANGE (k); CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (1);
       CREATE TABLE p2 PARTITION OF p FOR VALUES FROM (1) TO (2);`,
    );
    model.settle();
    const before = state(model);
    const steps = [
      step(model, 'DROP TABLE b; ALTER TABLE a ADD COLUMN v text; ALTER DOMAIN d ADD CONSTRAINT m CHECK (VALUE < 9);'),
      step(model, "CREATE TABLE b (id int); ALTER TABLE c RENAME TO c2; DROP TYPE e; CREATE TYPE f AS ENUM ('y');"),
      step(model, 'DROP TABLE p1; ALTER TABLE p ADD COLUMN z int; DROP DOMAIN d; DROP TABLE a CASCADE;'),
    ];
    expect(state(model)).not.toEqual(before);
    model.undo(steps);
    expect(state(model)).toEqual(before);
  });

  it('a step remembers only the relations it touched', () => {
    const model = new SchemaModel();
    replaySql(model, Array.from({ length: 1000 }, (_, i) => `CREATE TABLE t${i} (id int);`).join('\n'));
    model.settle();
    // settle() included: clearing "new" must not visit, and so copy, every relation.
    const undo = step(model, 'CREATE TABLE fresh (id int); ALTER TABLE t5 ADD COLUMN v int;');
    expect([...undo.relations.keys()].sort()).toEqual(['public.fresh', 'public.t5']);
  });
});

// The schema model's reverse indexes (mentions.ts): the queries they answer give what a scan
// of every relation gives, through creates, renames, drops, partitions, views and undone
// steps; and a query reads only the relations that name its key, not the whole model (a
// folder of 1,000 files linted as one history spent most of its time scanning).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { replaySql } from '../linter.ts';
import { loadParser } from '../parse.ts';
import { SchemaModel, type ModelUndo, type RelationInfo } from './model.ts';

const TABLES = ['t0', 't1', 't2', 't3', 's.t4'];
const VIEWS = ['v0', 'v1'];

/** What the queries answer, computed by a scan of every relation in the model's order. */
function scanned(model: SchemaModel, key: string): unknown {
  const all = [...model.all()];
  return {
    children: all.filter((r) => r.partitionOf === key).map((r) => r.key),
    defaultPartition: all.find((r) => r.partitionOf === key && r.isDefaultPartition)?.key,
    referencing: all.flatMap((r) =>
      [...r.constraints.values()]
        .filter((c) => c.kind === 'foreign-key' && c.references === key)
        .map((c) => `${r.key}:${c.name}`),
    ),
    views: all.filter((r) => (r.kind === 'view' || r.kind === 'matview') && r.dependsOn.has(key)).map((r) => r.key),
  };
}

function answered(model: SchemaModel, key: string): unknown {
  return {
    children: model.childrenOf(key).map((r) => r.key),
    defaultPartition: model.defaultPartitionOf(key)?.key,
    referencing: model.referencingConstraints(key).map(({ table, constraint }) => `${table.key}:${constraint.name}`),
    views: model.dependentViews(key).map((r) => r.key),
  };
}

/** Whether `child` may become a partition of `parent` without a cycle (the model assumes none). */
function acyclic(model: SchemaModel, parent: string, child: string): boolean {
  for (let k: string | undefined = parent, n = 0; k !== undefined && n < 50; n++) {
    if (k === child) return false;
    k = model.get(k)?.partitionOf;
  }
  return true;
}

const key = (name: string): string => (name.includes('.') ? name : `public.${name}`);

const statement = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), t: fc.constantFrom(...TABLES), ref: fc.constantFrom(...TABLES) }),
  fc.record({ kind: fc.constant('partitioned' as const), t: fc.constantFrom(...TABLES) }),
  fc.record({
    kind: fc.constantFrom('partition-of' as const, 'attach' as const, 'inherit' as const),
    t: fc.constantFrom(...TABLES),
    parent: fc.constantFrom(...TABLES),
    n: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({
    kind: fc.constantFrom('detach' as const, 'no-inherit' as const),
    t: fc.constantFrom(...TABLES),
    parent: fc.constantFrom(...TABLES),
  }),
  fc.record({
    kind: fc.constant('fk' as const),
    t: fc.constantFrom(...TABLES),
    ref: fc.constantFrom(...TABLES),
    n: fc.integer({ min: 0, max: 2 }),
  }),
  fc.record({
    kind: fc.constant('drop-fk' as const),
    t: fc.constantFrom(...TABLES),
    n: fc.integer({ min: 0, max: 2 }),
  }),
  fc.record({ kind: fc.constant('rename' as const), t: fc.constantFrom(...TABLES), to: fc.constantFrom(...TABLES) }),
  fc.record({ kind: fc.constant('rename-key' as const), t: fc.constantFrom(...TABLES) }),
  fc.record({ kind: fc.constant('drop' as const), t: fc.constantFrom(...TABLES, ...VIEWS), cascade: fc.boolean() }),
  fc.record({
    kind: fc.constant('view' as const),
    v: fc.constantFrom(...VIEWS),
    a: fc.constantFrom(...TABLES),
    b: fc.constantFrom(...TABLES),
  }),
  fc.record({ kind: fc.constant('drop-schema' as const) }),
);
type Statement = typeof statement extends fc.Arbitrary<infer S> ? S : never;

/** The SQL of a generated statement, or undefined when it would make a partition cycle. */
function sqlOf(model: SchemaModel, s: Statement): string | undefined {
  switch (s.kind) {
    case 'create':
      return `CREATE TABLE ${s.t} (id int PRIMARY KEY, r int REFERENCES ${s.ref} (id));`;
    case 'partitioned':
      return `CREATE TABLE ${s.t} (id int, k int) PARTITION BY LIST (k);`;
    case 'partition-of':
    case 'attach':
    case 'inherit': {
      if (!acyclic(model, key(s.parent), key(s.t))) return undefined;
      const bound = s.n === 0 ? 'DEFAULT' : `FOR VALUES IN (${s.n})`;
      if (s.kind === 'partition-of') return `CREATE TABLE ${s.t} PARTITION OF ${s.parent} ${bound};`;
      if (s.kind === 'attach') return `ALTER TABLE ${s.parent} ATTACH PARTITION ${s.t} ${bound};`;
      return `ALTER TABLE ${s.t} INHERIT ${s.parent};`;
    }
    case 'detach':
      return `ALTER TABLE ${s.parent} DETACH PARTITION ${s.t};`;
    case 'no-inherit':
      return `ALTER TABLE ${s.t} NO INHERIT ${s.parent};`;
    case 'fk':
      return `ALTER TABLE ${s.t} ADD CONSTRAINT c${s.n} FOREIGN KEY (r) REFERENCES ${s.ref} (id) NOT VALID;`;
    case 'drop-fk':
      return `ALTER TABLE ${s.t} DROP CONSTRAINT c${s.n};`;
    case 'rename':
      // Onto an existing name PostgreSQL refuses.
      if (model.has(key(s.to.replace(/^s\./, s.t.startsWith('s.') ? 's.' : '')))) return undefined;
      return `ALTER TABLE ${s.t} RENAME TO ${s.to.replace(/^s\./, '')};`;
    case 'rename-key': {
      const table = s.t.split('.').pop() as string;
      return `ALTER TABLE ${s.t} RENAME CONSTRAINT ${table}_pkey TO ${table}_key;`;
    }
    case 'drop':
      return `DROP ${s.t.startsWith('v') ? 'VIEW' : 'TABLE'} ${s.t}${s.cascade ? ' CASCADE' : ''};`;
    case 'view':
      return `CREATE OR REPLACE VIEW ${s.v} AS SELECT * FROM ${s.a} JOIN ${s.b} ON true;`;
    case 'drop-schema':
      return 'DROP SCHEMA s CASCADE;';
  }
}

function keysOf(model: SchemaModel): string[] {
  return [...new Set([...TABLES, ...VIEWS].map(key).concat([...model.all()].map((r) => r.key)))];
}

function expectIndexed(model: SchemaModel): void {
  for (const k of keysOf(model)) expect(answered(model, k), k).toEqual(scanned(model, k));
}

describe('schema model reverse indexes', () => {
  beforeAll(async () => {
    await loadParser();
  });

  it('answer as a scan of every relation does, through steps and their undo', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(statement, { maxLength: 6 }), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        (steps, undoFrom) => {
          const model = new SchemaModel();
          const undos: ModelUndo[] = [];
          const snapshots: unknown[] = [];
          for (const step of steps) {
            snapshots.push(keysOf(model).map((k) => [k, scanned(model, k)]));
            model.beginStep();
            for (const s of step) {
              const sql = sqlOf(model, s);
              if (sql !== undefined) replaySql(model, sql);
              // Within a step too: relations handed out are copies of the ones the index saw.
              expectIndexed(model);
            }
            model.settle();
            undos.push(model.endStep());
            expectIndexed(model);
          }
          const from = undoFrom % undos.length;
          model.undo(undos.slice(from));
          expectIndexed(model);
          const before = snapshots[from] as [string, unknown][];
          for (const [k, answer] of before) expect(answered(model, k), k).toEqual(answer);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a query reads only the relations that name its key', () => {
    const model = new SchemaModel();
    replaySql(
      model,
      Array.from(
        { length: 500 },
        (_, i) =>
          `CREATE TABLE u${i} (id int PRIMARY KEY, r int REFERENCES u${i} (id));` +
          ` CREATE VIEW w${i} AS SELECT * FROM u${i};`,
      ).join('\n') +
        `CREATE TABLE parent (id int PRIMARY KEY, k int) PARTITION BY LIST (k);
         CREATE TABLE part PARTITION OF parent DEFAULT;
         CREATE TABLE child (id int, p int REFERENCES parent (id));
         CREATE VIEW pv AS SELECT * FROM parent;`,
    );
    model.settle();
    // The 1,000 relations (and their indexes) that do not name `parent` count the reads of
    // what a scan looks at.
    let reads = 0;
    for (const r of model.all()) {
      if (!/^public\.[uw]\d/.test(r.key)) continue;
      for (const field of ['constraints', 'partitionOf', 'dependsOn', 'isDefaultPartition'] as const) {
        let value: unknown = r[field];
        Object.defineProperty(r, field, {
          get: () => {
            reads++;
            return value;
          },
          set: (v: unknown) => {
            value = v;
          },
          enumerable: true,
          configurable: true,
        });
      }
    }
    const parent = 'public.parent';
    expect(model.partitionsOf(parent).map((r: RelationInfo) => r.key)).toEqual(['public.part']);
    expect(model.defaultPartitionOf(parent)?.key).toBe('public.part');
    expect(model.referencingConstraints(parent).map((x) => x.constraint.name)).toEqual(['child_p_fkey']);
    expect(model.dependentViews(parent).map((r) => r.key)).toEqual(['public.pv']);
    replaySql(model, 'ALTER TABLE parent RENAME TO parent2; DROP TABLE parent2 CASCADE;');
    expect(model.get('public.part')).toBeUndefined();
    expect(model.get('public.child')?.constraints.size).toBe(0);
    expect(reads).toBe(0);
  });
});

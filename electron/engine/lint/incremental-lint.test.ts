// The studio's incremental lint must report exactly what a lint of the whole project from
// scratch reports: after any sequence of edits, partial passes and rewinds, every report
// (findings, locks and their order) equals a fresh pass over the edited revisions. The
// statements touch a small set of names so that edits interact: drops and re-creations,
// renames, partitions, foreign keys, views, domains and enums, i.e. every way a journaled
// step changes the schema model and undo has to restore it, order included.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../project/project.ts';
import { IncrementalLint, type LintInput } from './incremental-lint.ts';
import type { LintOptions } from './linter.ts';
import { loadParser } from './parse.ts';
import { lintProject, projectLintOptions } from './project-lint.ts';

const SNIPPETS = [
  'CREATE TABLE t1 (id bigint PRIMARY KEY, v text);',
  'CREATE TABLE t2 (id bigint PRIMARY KEY, t1_id bigint REFERENCES t1 (id));',
  'ALTER TABLE t1 ADD COLUMN c int NOT NULL DEFAULT 0;',
  'CREATE INDEX ix_t1_v ON t1 (v);',
  'DROP INDEX ix_t1_v;',
  'ALTER INDEX ix_t1_v RENAME TO ix_t1_w;',
  'ALTER TABLE t1 RENAME TO t3;',
  'ALTER TABLE t3 RENAME TO t1;',
  'DROP TABLE t2;',
  'DROP TABLE t1 CASCADE;',
  'CREATE TABLE p (id bigint, k int) PARTITION BY RANGE (k);\n' +
    'CREATE TABLE p_1 PARTITION OF p FOR VALUES FROM (0) TO (10);\nCREATE TABLE p_d PARTITION OF p DEFAULT;',
  'ALTER TABLE p ADD COLUMN z int;',
  'INSERT INTO p (id, k) VALUES (1, 5);',
  'DROP TABLE p;',
  'CREATE VIEW v1 AS SELECT id, v FROM t1;',
  'DROP VIEW v1;',
  'CREATE DOMAIN d1 AS int CHECK (VALUE > 0);',
  'ALTER DOMAIN d1 ADD CONSTRAINT d1_max CHECK (VALUE < 100);',
  'ALTER TABLE t1 ADD COLUMN dd d1;',
  'DROP DOMAIN d1;',
  "CREATE TYPE e1 AS ENUM ('a');",
  'DROP TYPE e1;',
  'ALTER TABLE t2 ADD CONSTRAINT t2_fk FOREIGN KEY (t1_id) REFERENCES t1 (id) NOT VALID;',
  'ALTER TABLE t1 ALTER COLUMN v TYPE varchar(10);',
  'ALTER TABLE t2 ALTER COLUMN t1_id SET NOT NULL;',
  'CREATE SEQUENCE s1;',
  'CREATE TABLE t1 (id bigint PRIMARY KEY, v text, w int);',
  'CREATE TABLE t4 (id bigint PRIMARY KEY, t1_id bigint REFERENCES t1 (id));',
  'DROP TABLE p_1;',
  'CREATE TABLE p_2 PARTITION OF p FOR VALUES FROM (10) TO (20);',
  'TRUNCATE t1 CASCADE;',
  'ALTER TABLE t1 DROP COLUMN v;',
  'DELETE FROM t1 WHERE id = 1;',
];

const options: LintOptions = { dialect: 'postgres', pgVersion: 16 };

function input(i: number, snippets: readonly number[]): LintInput {
  return {
    id: `r${String(i).padStart(11, '0')}`,
    file: `versions/r${i}.sql`,
    upgradeSql: snippets.map((k) => SNIPPETS[k % SNIPPETS.length]).join('\n'),
    upgradeLine: 3,
    transactional: true,
  };
}

function finish(lint: IncrementalLint): void {
  while (!lint.complete) lint.step();
}

function fresh(inputs: readonly LintInput[]): unknown[] {
  const lint = new IncrementalLint();
  lint.update(inputs, options);
  finish(lint);
  return [...lint.all()];
}

const revisions = fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 12 });
const edit = fc.record({
  at: fc.nat(),
  snippets: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
  advance: fc.nat(),
});

describe('incremental project lint', () => {
  beforeAll(async () => {
    await loadParser();
  });

  for (const dir of ['migrations-sample', 'migrations-sample/postgres']) {
    it(`reports what lintProject reports on ${dir}`, async () => {
      const project = loadProject(dir);
      const lint = new IncrementalLint();
      lint.load(project);
      finish(lint);
      const { reports } = await lintProject(project, undefined, projectLintOptions(project));
      expect(lint.all()).toEqual(reports);
    });
  }

  it('after any edits, partial passes and rewinds, equals a fresh pass over the edited revisions', () => {
    fc.assert(
      fc.property(revisions, fc.array(edit, { minLength: 1, maxLength: 4 }), fc.nat(), (start, edits, firstAdvance) => {
        let inputs = start.map((snippets, i) => input(i, snippets));
        const lint = new IncrementalLint();
        lint.update(inputs, options);
        for (let k = 0; k < firstAdvance % (inputs.length + 1); k++) lint.step();
        for (const e of edits) {
          const at = e.at % inputs.length;
          const changed = input(at, e.snippets);
          inputs = inputs.map((x, i) => (i === at ? changed : x));
          lint.edit([changed]);
          for (let k = 0; k < e.advance % (inputs.length + 1); k++) lint.step();
        }
        finish(lint);
        expect(lint.all()).toEqual(fresh(inputs));
      }),
      { numRuns: 150 },
    );
  });

  it('keeps the reports before the first changed revision and lints only from there', () => {
    const inputs = Array.from({ length: 50 }, (_, i) => input(i, [i % SNIPPETS.length]));
    const lint = new IncrementalLint();
    lint.update(inputs, options);
    finish(lint);
    const before = lint.all().slice(0, 40);
    lint.edit([input(40, [2, 3])]);
    expect(lint.done).toBe(40);
    expect(lint.all().slice(0, 40)).toEqual(before);
    // The unchanged reports are the very same objects: nothing before the edit was redone.
    before.forEach((r, i) => expect(lint.all()[i]).toBe(r));
    finish(lint);
    expect(lint.all()).toEqual(fresh(inputs.map((x, i) => (i === 40 ? input(40, [2, 3]) : x))));
  });

  it('other lint options change every result', () => {
    const inputs = Array.from({ length: 5 }, (_, i) => input(i, [i]));
    const lint = new IncrementalLint();
    lint.update(inputs, options);
    finish(lint);
    lint.update(inputs, { ...options, pgVersion: 10 });
    expect(lint.done).toBe(0);
  });
});

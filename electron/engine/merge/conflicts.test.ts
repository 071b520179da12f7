// The conflict rules of issue 16 on small projects of both dialects: a base, then two
// branches that each add one revision. The same SQL runs on SQLite and PostgreSQL where both
// accept it; the enum and DO-block rules are PostgreSQL's own.
import { describe, expect, it } from 'vitest';
import { asRevisionId, type Dialect } from '../../../shared/model/revision.ts';
import type { MergeAnalysis } from '../../../shared/model/merge.ts';
import { writeProject } from '../../../test/support/projects.ts';
import { loadProject } from '../project/project.ts';
import { analyzeHeads } from './analyze.ts';

const BASE =
  'CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);\n' +
  'CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER);\n';
const A = asRevisionId('a00000000000');
const B = asRevisionId('b00000000000');

async function analyze(dialect: Dialect, onA: string, onB: string, base = BASE): Promise<MergeAnalysis> {
  const dir = writeProject(dialect, [
    { id: 'f00000000000', up: base },
    { id: A, parents: ['f00000000000'], up: onA },
    { id: B, parents: ['f00000000000'], up: onB },
  ]);
  const project = loadProject(dir, { cache: false });
  return analyzeHeads(project.map, dialect, [A, B]);
}

const rules = (a: MergeAnalysis): string[] =>
  a.pairs.flatMap((p) => p.conflicts.map((c) => `${c.rule} ${c.kind} ${c.object}`));

describe.each(['sqlite', 'postgres'] as const)('conflict rules on %s', (dialect) => {
  it('the same column added on both branches', async () => {
    const a = await analyze(
      dialect,
      'ALTER TABLE users ADD COLUMN nickname TEXT;',
      '-- a comment first\nALTER TABLE users ADD COLUMN nickname TEXT;',
    );
    expect(a.verdict).toBe('conflict');
    expect(rules(a)).toEqual(['same-column column users.nickname']);
    const [conflict] = a.pairs[0]?.conflicts ?? [];
    expect(conflict?.sides).toEqual([
      { head: A, revision: A, line: 7, action: 'create', what: 'ADD COLUMN users.nickname' },
      { head: B, revision: B, line: 8, action: 'create', what: 'ADD COLUMN users.nickname' },
    ]);
    expect(conflict?.message).toBe(
      `column users.nickname is changed on both branches: ADD COLUMN users.nickname in ${A}, ` +
        `line 7; ADD COLUMN users.nickname in ${B}, line 8`,
    );
    expect(conflict?.suggestion).toMatch(/keep one ADD COLUMN of users.nickname/);
  });

  it('different columns of the same table: no conflict', async () => {
    const a = await analyze(
      dialect,
      'ALTER TABLE users ADD COLUMN nickname TEXT;',
      'ALTER TABLE users ADD COLUMN locale TEXT;\nCREATE INDEX orders_total_idx ON orders (total);',
    );
    expect(rules(a)).toEqual([]);
    expect(a.verdict).toBe('clean');
  });

  it('a column dropped on one side and altered (renamed) on the other', async () => {
    const a = await analyze(
      dialect,
      'ALTER TABLE users DROP COLUMN email;',
      'ALTER TABLE users RENAME COLUMN email TO mail;',
    );
    expect(rules(a)).toEqual(['same-column column users.email']);
  });

  it('the same index name created twice, on different tables', async () => {
    const a = await analyze(
      dialect,
      'CREATE INDEX by_total ON orders (total);',
      'CREATE INDEX by_total ON users (email);',
    );
    expect(rules(a)).toEqual(['same-name index by_total']);
  });

  it('the same constraint name created twice', async () => {
    const a = await analyze(
      dialect,
      'CREATE TABLE tags (id INTEGER, CONSTRAINT tags_pk PRIMARY KEY (id));',
      'CREATE TABLE tags (id INTEGER, name TEXT, CONSTRAINT tags_pk PRIMARY KEY (id));',
    );
    expect(rules(a)).toEqual([
      'same-name table tags',
      'same-column column tags.id',
      'same-name constraint tags.tags_pk',
    ]);
  });

  it('a table dropped on one side, changed on the other', async () => {
    const a = await analyze(dialect, 'DROP TABLE orders;', 'ALTER TABLE orders ADD COLUMN note TEXT;');
    expect(rules(a)).toEqual(['drop-vs-change table orders']);
    expect(a.pairs[0]?.conflicts[0]?.message).toBe(
      (
        `table orders is dropped on one branch (DROP TABLE in ${A}, line 7) ` +
        `and changed on the other (ALTER TABLE (AddColumn) in ${B}, line 7)`
      ).replace('(AddColumn)', dialect === 'sqlite' ? '(ADD COLUMN)' : '(AddColumn)'),
    );
  });

  it('an index dropped on one side, the table it is on dropped and created again (rebuilt) on the other', async () => {
    const rebuilt =
      'CREATE TABLE users_new (id INTEGER PRIMARY KEY, email TEXT NOT NULL);\n' +
      'INSERT INTO users_new SELECT id, email FROM users;\n' +
      'DROP TABLE users;\nALTER TABLE users_new RENAME TO users;';
    const a = await analyze(dialect, rebuilt, 'ALTER TABLE users ADD COLUMN locale TEXT;');
    expect(rules(a)).toEqual(['drop-vs-change table users']);
  });

  it('rows written on one side of a table whose shape the other changes', async () => {
    const a = await analyze(
      dialect,
      'UPDATE users SET email = lower(email);',
      'ALTER TABLE users ADD COLUMN email_lower TEXT;',
    );
    expect(rules(a)).toEqual(['data-vs-shape table users']);
    const b = await analyze(
      dialect,
      'INSERT INTO orders (id, total) VALUES (1, 2);',
      'CREATE INDEX orders_by_total ON orders (total);',
    );
    expect(rules(b)).toEqual([]);
  });

  it('three heads: every pair is compared', async () => {
    const dir = writeProject(dialect, [
      { id: 'f00000000000', up: BASE },
      { id: A, parents: ['f00000000000'], up: 'ALTER TABLE users ADD COLUMN x TEXT;' },
      { id: B, parents: ['f00000000000'], up: 'ALTER TABLE users ADD COLUMN y TEXT;' },
      { id: 'c00000000000', parents: ['f00000000000'], up: 'ALTER TABLE users ADD COLUMN x TEXT;' },
    ]);
    const { map } = loadProject(dir, { cache: false });
    const a = await analyzeHeads(map, dialect, map.heads);
    expect(a.forkPoints).toEqual(['f00000000000']);
    expect(a.branches.map((b) => b.revisions.map((r) => r.id))).toEqual([[A], [B], ['c00000000000']]);
    expect(a.pairs.map((p) => `${p.heads.join('+')}: ${p.verdict}`)).toEqual([
      `${A}+${B}: clean`,
      `${A}+c00000000000: conflict`,
      `${B}+c00000000000: clean`,
    ]);
    expect(a.verdict).toBe('conflict');
  });
});

describe('postgres-only rules', () => {
  it('an enum changed on both sides', async () => {
    const a = await analyze(
      'postgres',
      "ALTER TYPE mood ADD VALUE 'sad';",
      "ALTER TYPE mood ADD VALUE 'glad';",
      "CREATE TYPE mood AS ENUM ('ok');",
    );
    expect(rules(a)).toEqual(['enum-both type mood']);
  });

  it('a DO block: cannot tell without a server for shadow databases', async () => {
    const a = await analyze(
      'postgres',
      "DO $$ BEGIN EXECUTE 'ALTER TABLE users ADD COLUMN x int'; END $$;",
      'ALTER TABLE users ADD COLUMN x int;',
    );
    expect(a.verdict).toBe('cannot-tell');
    expect(a.pairs[0]?.opaque).toEqual([
      { revision: A, line: 7, reason: 'a DO block: what it runs is decided when it runs' },
    ]);
    expect(a.pairs[0]?.commute?.outcome).toBe('unavailable');
  });
});

describe('sqlite: the shadow check runs in memory', () => {
  it('two different columns commute; checked on request', async () => {
    const dir = writeProject('sqlite', [
      { id: 'f00000000000', up: BASE },
      { id: A, parents: ['f00000000000'], up: 'ALTER TABLE users ADD COLUMN x TEXT;' },
      { id: B, parents: ['f00000000000'], up: 'ALTER TABLE users ADD COLUMN y TEXT;' },
    ]);
    const { map } = loadProject(dir, { cache: false });
    const a = await analyzeHeads(map, 'sqlite', [A, B], { shadowCheck: 'always' });
    expect(a.pairs[0]?.commute).toEqual({
      outcome: 'same',
      detail: `${A}'s branch then ${B}'s branch and ${B}'s branch then ${A}'s branch give the same schema`,
    });
    expect(a.verdict).toBe('clean');
  });
});

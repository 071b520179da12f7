// `strata diff`, `revision --autogenerate`, `check --drift` and `roundtrip` as a user runs
// them: real processes, real files, a real SQLite file and the suite's PostgreSQL server.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { writeProject, type RevisionSpec } from '../../../test/support/projects.ts';

const BIN = resolve('bin/strata.js');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function strata(dir: string, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extraEnv };
  for (const key of ['STRATA_DATABASE_URL', 'DATABASE_URL', 'STRATA_DEBUG']) delete env[key];
  const r = spawnSync(process.execPath, [BIN, '--project', dir, ...args], {
    cwd: dir,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(r: Run): Run {
  expect(r.code, `exit ${r.code}\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r;
}

function revisionFiles(dir: string): string[] {
  return readdirSync(join(dir, 'versions'))
    .filter((f) => f.endsWith('.sql'))
    .sort();
}

interface DiffJson {
  readonly operations: { kind: string; object: string; destructive: boolean; sql: string }[];
  readonly renameCandidates: { kind: string; table: string | null; from: string; to: string }[];
  readonly upgradeSql: string;
  readonly downgradeSql: string;
  readonly warnings: string[];
  readonly lint: { statements: unknown[]; findings: unknown[] };
  readonly written?: { revision: string; file: string; parents: string[] } | null;
}

const SQLITE_BASE: RevisionSpec[] = [
  {
    id: 'a00000000001',
    message: 'items',
    up: 'CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n',
    down: 'DROP TABLE items;\n',
  },
];

function sqliteProject(schema: string, revisions: readonly RevisionSpec[] = SQLITE_BASE): string {
  const dir = writeProject('sqlite', revisions);
  writeFileSync(join(dir, 'schema.sql'), schema);
  return dir;
}

const ITEMS_AHEAD =
  'CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT);\n' +
  'CREATE INDEX items_name_idx ON items (name);\n';

describe('strata diff and revision --autogenerate on SQLite', { timeout: 240_000 }, () => {
  it('diff prints the upgrade SQL and writes nothing', () => {
    const dir = sqliteProject(ITEMS_AHEAD);
    const r = ok(strata(dir, ['diff']));
    expect(r.stdout).toMatch(/^-- schema\.sql against the heads \(1 head, 1 revision\): 2 operations$/m);
    expect(r.stdout).toMatch(/note/);
    expect(r.stdout).toMatch(/CREATE INDEX items_name_idx/);
    expect(revisionFiles(dir)).toEqual(['a00000000001_rev.sql']);
    const json = JSON.parse(ok(strata(dir, ['diff', '--json'])).stdout) as DiffJson;
    expect(json.operations.map((o) => o.destructive)).toEqual([false, false]);
    expect(json.downgradeSql).toMatch(/items_name_idx/);
  });

  it('writes one revision on the head, then finds no changes', () => {
    const dir = sqliteProject(ITEMS_AHEAD);
    const r = ok(strata(dir, ['revision', '--autogenerate', '-m', 'note and index']));
    expect(r.stdout).toMatch(/^created [0-9a-f]{12} versions\/[0-9a-f]{12}_note_and_index\.sql \(on a00000000001\)$/m);
    const files = revisionFiles(dir);
    expect(files).toHaveLength(2);
    const written = readFileSync(join(dir, 'versions', files.find((f) => !f.startsWith('a0')) as string), 'utf8');
    expect(written).toMatch(/-- strata:parents a00000000001/);
    expect(written).toMatch(/-- strata:downgrade[\s\S]*items_name_idx/);
    // The new revision brings the heads to schema.sql: nothing is left to write.
    const again = ok(strata(dir, ['revision', '--autogenerate', '-m', 'again']));
    expect(again.stdout).toMatch(/^no changes: schema\.sql matches the heads .*; nothing written$/m);
    expect(revisionFiles(dir)).toHaveLength(2);
    expect(ok(strata(dir, ['diff'])).stdout).toMatch(/^no changes/);
    // And the revision it wrote runs both ways.
    ok(strata(dir, ['--url', 'db.sqlite', 'upgrade', 'head']));
    ok(strata(dir, ['--url', 'db.sqlite', 'downgrade', 'base']));
  });

  it('a rename left undecided is a drop and an add, marked destructive, with the candidate named', () => {
    const dir = sqliteProject('CREATE TABLE items (id INTEGER PRIMARY KEY, title TEXT NOT NULL);\n');
    const r = ok(strata(dir, ['revision', '--autogenerate', '-m', 'title']));
    expect(r.stdout).toMatch(/DESTRUCTIVE/);
    expect(r.stderr).toMatch(/warning: .*--rename items\.name=title/);
    expect(revisionFiles(dir)).toHaveLength(2);
  });

  it('a rename decided keeps the rows', () => {
    const dir = sqliteProject('CREATE TABLE items (id INTEGER PRIMARY KEY, title TEXT NOT NULL);\n');
    ok(strata(dir, ['--url', 'db.sqlite', 'upgrade', 'head']));
    const db = new Database(join(dir, 'db.sqlite'));
    db.exec("INSERT INTO items (id, name) VALUES (1, 'kept')");
    db.close();
    const json = JSON.parse(
      ok(strata(dir, ['revision', '--autogenerate', '-m', 'rename', '--rename', 'items.name=title', '--json'])).stdout,
    ) as DiffJson;
    expect(json.renameCandidates).toEqual([]);
    expect(json.operations.some((o) => o.destructive)).toBe(false);
    expect(json.written).toMatchObject({ parents: ['a00000000001'] });
    ok(strata(dir, ['--url', 'db.sqlite', 'upgrade', 'head']));
    const after = new Database(join(dir, 'db.sqlite'), { readonly: true });
    expect(after.prepare('SELECT id, title FROM items').all()).toEqual([{ id: 1, title: 'kept' }]);
    after.close();
  });

  it('refuses what it cannot do, with the exit code of the error table', () => {
    const dir = sqliteProject(ITEMS_AHEAD);
    const rename = strata(dir, ['revision', '-m', 'x', '--rename', 'items.name=title']);
    expect(rename.code).toBe(2);
    expect(rename.stderr).toMatch(/--rename goes with --autogenerate/);
    const malformed = strata(dir, ['revision', '--autogenerate', '-m', 'x', '--rename', 'name=title']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/--rename takes TABLE\.OLD=NEW/);
    const parent = strata(dir, ['revision', '--autogenerate', '-m', 'x', '--parent', 'base']);
    expect(parent.code).toBe(2);
    expect(parent.stderr).toMatch(/does not take --parent/);
    expect(strata(dir, ['diff', 'extra']).code).toBe(2);
    const typo = strata(dir, ['dif']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/did you mean .*diff/);
    const heads = sqliteProject(ITEMS_AHEAD, [
      ...SQLITE_BASE,
      { id: 'b00000000001', parents: ['a00000000001'], up: 'CREATE TABLE b (id INTEGER);\n', down: 'DROP TABLE b;\n' },
      { id: 'c00000000001', parents: ['a00000000001'], up: 'CREATE TABLE c (id INTEGER);\n', down: 'DROP TABLE c;\n' },
    ]);
    const two = strata(heads, ['revision', '--autogenerate', '-m', 'x']);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/the graph has 2 heads/);
    const noSchema = writeProject('sqlite', SQLITE_BASE);
    const missing = strata(noSchema, ['diff']);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/schema\.sql does not exist/);
    const broken = sqliteProject(
      'CREATE TABLE items (id INTEGER PRIMARY KEY,\n  name TEXT NOT NULL,\n  oops oops oops (\n);\n',
    );
    const bad = strata(broken, ['diff']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/schema\.sql/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('a live database behind the heads is refused for a write: the revision would repeat what it lacks', () => {
    const dir = sqliteProject(ITEMS_AHEAD);
    ok(strata(dir, ['--url', 'db.sqlite', 'upgrade', 'head']));
    ok(strata(dir, ['--url', 'db.sqlite', 'downgrade', 'base']));
    const r = strata(dir, ['--url', 'db.sqlite', 'revision', '--autogenerate', '-m', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not at the heads \(a00000000001 not applied\)/);
  });
});

describe('strata check --drift and roundtrip on SQLite', { timeout: 240_000 }, () => {
  it('check --drift passes on a database at the heads and fails with the SQL when it differs', () => {
    const dir = sqliteProject(ITEMS_AHEAD);
    ok(strata(dir, ['--url', 'db.sqlite', 'upgrade', 'head']));
    const same = ok(strata(dir, ['--url', 'db.sqlite', 'check', '--drift']));
    expect(same.stdout).toMatch(/^ok\s+drift\s+.* has the schema the migrations produce at the heads$/m);
    const db = new Database(join(dir, 'db.sqlite'));
    db.exec('ALTER TABLE items ADD COLUMN hand_added TEXT');
    db.close();
    const drifted = strata(dir, ['--url', 'db.sqlite', 'check', '--drift']);
    expect(drifted.code).toBe(1);
    expect(drifted.stdout).toMatch(/^FAIL\s+drift\s+/m);
    expect(drifted.stdout).toMatch(/hand_added/);
    const json = JSON.parse(strata(dir, ['--url', 'db.sqlite', 'check', '--drift', '--json']).stdout) as {
      ok: boolean;
      drift: DiffJson;
    };
    expect(json.ok).toBe(false);
    expect(json.drift.operations.map((o) => o.object).join(' ')).toMatch(/hand_added/);
    const noUrl = strata(dir, ['check', '--drift']);
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toMatch(/name it with --url URL/);
  });

  it('roundtrip passes when every downgrade undoes its upgrade and names the first that does not', () => {
    const good = sqliteProject(ITEMS_AHEAD, [
      ...SQLITE_BASE,
      {
        id: 'b00000000001',
        parents: ['a00000000001'],
        message: 'index',
        up: 'CREATE INDEX items_name_idx ON items (name);\n',
        down: 'DROP INDEX items_name_idx;\n',
      },
    ]);
    const r = ok(strata(good, ['roundtrip']));
    expect(r.stdout).toMatch(/^ok\s+a00000000001 items$/m);
    expect(r.stdout).toMatch(/^2 revisions: each downgrade restores the schema before its upgrade$/m);
    const bad = sqliteProject(ITEMS_AHEAD, [
      ...SQLITE_BASE,
      {
        id: 'b00000000001',
        parents: ['a00000000001'],
        message: 'index kept',
        up: 'CREATE INDEX items_name_idx ON items (name);\n',
        down: '-- forgot the index\n',
      },
      {
        id: 'c00000000001',
        parents: ['b00000000001'],
        message: 'after',
        up: 'CREATE TABLE after_t (id INTEGER);\n',
        down: 'DROP TABLE after_t;\n',
      },
    ]);
    const failed = strata(bad, ['roundtrip']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^FAIL b00000000001 the downgrade does not restore the schema before the upgrade/m);
    expect(failed.stdout).toMatch(/^\s+\+ .*items_name_idx/m);
    expect(failed.stdout).not.toMatch(/c00000000001/);
    // A range skips the revisions before it (applied, not checked).
    const range = ok(strata(bad, ['roundtrip', 'c00000000001:', '--json']));
    expect(JSON.parse(range.stdout)).toMatchObject({
      checked: [{ revision: 'c00000000001', ok: true }],
      failure: null,
    });
  });
});

describe('autogenerate on PostgreSQL', { timeout: 240_000 }, () => {
  const dbs: TestDatabase[] = [];
  const fresh = async (): Promise<TestDatabase> => {
    const db = await createPostgresDatabase();
    dbs.push(db);
    return db;
  };
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });
  const BASE: RevisionSpec[] = [
    {
      id: 'a00000000001',
      message: 'items',
      up: 'CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, price integer);\n',
      down: 'DROP TABLE items;\n',
    },
  ];
  const AHEAD =
    'CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, price bigint, note text);\n' +
    'CREATE INDEX items_name_idx ON items (name);\n';
  const pgProject = (schema: string): string => {
    const dir = writeProject('postgres', BASE);
    writeFileSync(join(dir, 'schema.sql'), schema);
    return dir;
  };

  it('diff --url, revision --autogenerate --url, then no changes, on a live database', async () => {
    const db = await fresh();
    const dir = pgProject(AHEAD);
    ok(strata(dir, ['--url', db.url, 'upgrade', 'head']));
    const json = JSON.parse(ok(strata(dir, ['--url', db.url, 'diff', '--json'])).stdout) as DiffJson;
    expect(json.operations.map((o) => o.object)).toEqual(
      expect.arrayContaining(['column public.items.note', 'column public.items.price']),
    );
    expect(json.upgradeSql).toMatch(/items_name_idx/);
    expect(json.lint.statements.length).toBeGreaterThan(0);
    // Lint findings at their place: the line of the upgrade SQL, then the line of the file written.
    const typeChange = (sql: string): number =>
      sql.split('\n').findIndex((l) => l.includes('ALTER COLUMN price TYPE')) + 1;
    const printed = ok(strata(dir, ['--url', db.url, 'diff']));
    expect(printed.stderr).toContain(`upgrade line ${typeChange(json.upgradeSql)} changing-column-type-rewrite`);
    const r = ok(strata(dir, ['--url', db.url, 'revision', '--autogenerate', '-m', 'catch up']));
    expect(r.stdout).toMatch(/^created [0-9a-f]{12} /m);
    const file = /^created [0-9a-f]{12} (\S+)/m.exec(r.stdout)?.[1] ?? '';
    const at = typeChange(readFileSync(join(dir, file), 'utf8'));
    expect(at).toBeGreaterThan(typeChange(json.upgradeSql));
    expect(r.stderr).toContain(`${file}:${at} changing-column-type-rewrite`);
    ok(strata(dir, ['--url', db.url, 'upgrade', 'head']));
    expect(ok(strata(dir, ['--url', db.url, 'diff'])).stdout).toMatch(/^no changes: schema\.sql matches postgres:/m);
    expect(ok(strata(dir, ['--url', db.url, 'check', '--drift'])).stdout).toMatch(/^ok\s+drift/m);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('ALTER TABLE items ADD COLUMN hand_added text');
    } finally {
      await client.end();
    }
    const drifted = strata(dir, ['--url', db.url, 'check', '--drift']);
    expect(drifted.code).toBe(1);
    expect(drifted.stdout).toMatch(/hand_added/);
  });

  it('without --url, the heads are built on a shadow database', async () => {
    const shadow = await fresh();
    const dir = pgProject(AHEAD);
    const json = JSON.parse(ok(strata(dir, ['diff', '--shadow-url', shadow.url, '--json'])).stdout) as DiffJson;
    expect(json.operations.map((o) => o.object)).toEqual(
      expect.arrayContaining(['column public.items.note', 'column public.items.price']),
    );
    const rt = ok(strata(dir, ['roundtrip', '--shadow-url', shadow.url]));
    expect(rt.stdout).toMatch(/^1 revision: each downgrade restores the schema before its upgrade$/m);
  });

  it("keeps a shadow's schema for the next run on the same SQL and server; edited statement builds anew", async () => {
    const db = await fresh();
    const dir = pgProject(AHEAD);
    ok(strata(dir, ['--url', db.url, 'upgrade', 'head']));
    const objects = (env: NodeJS.ProcessEnv = {}): string[] =>
      (JSON.parse(ok(strata(dir, ['--url', db.url, 'diff', '--json'], env)).stdout) as DiffJson).operations.map(
        (o) => o.object,
      );
    expect(objects()).toContain('column public.items.note');
    // What the next run reads instead of building a shadow: prove it by changing what is kept.
    const cacheFile = join(dir, '.strata', 'schema-cache.json');
    const cache = readFileSync(cacheFile, 'utf8');
    expect(cache).toContain('"note"');
    writeFileSync(cacheFile, cache.replaceAll('"note"', '"memo"'));
    expect(objects()).toContain('column public.items.memo');
    // Off: every shadow is built.
    expect(objects({ STRATA_SCHEMA_CACHE: '0' })).toContain('column public.items.note');
    // schema.sql edited: a comment changes no statement, the model kept is still the one...
    writeFileSync(join(dir, 'schema.sql'), AHEAD + '-- reviewed\n');
    expect(objects()).toContain('column public.items.memo');
    // ...an edit of the table's statements builds it again, and it is kept under the new text.
    writeFileSync(join(dir, 'schema.sql'), AHEAD.replace('note text', 'note text, tag text'));
    expect(objects()).toEqual(expect.arrayContaining(['column public.items.note', 'column public.items.tag']));
    expect(readFileSync(cacheFile, 'utf8')).toContain('"tag"');
    expect(readFileSync(join(dir, '.strata', '.gitignore'), 'utf8')).toMatch(/^\*$/m);
  });
});

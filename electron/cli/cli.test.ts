// The strata command as a user runs it: a real process, real files, real databases.
import { spawn, spawnSync } from 'node:child_process';
import pg from 'pg';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase } from '../../test/support/databases.ts';
import { writeProject, chain } from '../../test/support/projects.ts';
import { writeLintCorpus } from '../../bench/lint/corpus.ts';
import { jsonRows } from '../engine/lint/json-report.ts';
import { LintHistory } from '../engine/lint/history.ts';
import { loadParser } from '../engine/lint/parse.ts';

const BIN = resolve('bin/strata.js');
const SAMPLE = resolve('migrations-sample');
const temps: string[] = [];

function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'strata-cli-'));
  temps.push(dir);
  return dir;
}

afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

/** A copy of the sample, so its embedded dev.sqlite is created in a temporary folder. */
function sampleCopy(): string {
  const dir = join(temp(), 'sample');
  cpSync(SAMPLE, dir, { recursive: true, filter: (src) => !src.includes('dev.sqlite') });
  return dir;
}

interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function strata(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Result {
  const env = { ...process.env, ...options.env };
  delete env.STRATA_DATABASE_URL;
  delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { ...env, ...options.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json<T>(r: Result): T {
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as T;
}

describe('strata on the sample project', () => {
  it('heads --json lists the two heads', () => {
    const heads = json<{ revision: string }[]>(strata(['--project', SAMPLE, 'heads', '--json']));
    expect(heads.map((h) => h.revision).sort()).toEqual(['0874aef793be', '6889de750fdb']);
  });

  it('upgrade heads, current, downgrade base do what they say', () => {
    const dir = sampleCopy();
    const up = strata(['--project', dir, 'upgrade', 'heads']);
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/31 steps to upgrade heads/);
    expect(up.stdout).toMatch(/now at/);
    const current = json<{ current: { revision: string }[]; atHeads: boolean; applied: number }>(
      strata(['--project', dir, 'current', '--json']),
    );
    expect(current.current.map((c) => c.revision).sort()).toEqual(['0874aef793be', '6889de750fdb']);
    expect(current.atHeads).toBe(true);
    expect(current.applied).toBe(31);
    expect(readdirSync(dir)).toContain('dev.sqlite');
    const down = strata(['--project', dir, 'downgrade', 'base']);
    expect(down.code).toBe(0);
    const after = json<{ current: unknown[]; pending: number }>(strata(['--project', dir, 'current', '--json']));
    expect(after.current).toEqual([]);
    expect(after.pending).toBe(31);
  });

  it("'upgrade head' with two heads fails with exit 2 and lists both", () => {
    const r = strata(['--project', sampleCopy(), 'upgrade', 'head']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/0874aef793be/);
    expect(r.stderr).toMatch(/6889de750fdb/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('finds the project from a subfolder and takes branch targets', () => {
    const dir = sampleCopy();
    expect(strata(['upgrade', 'audit@head'], { cwd: join(dir, 'versions') }).code).toBe(0);
    const current = json<{ current: { revision: string }[] }>(strata(['current', '--json'], { cwd: dir }));
    expect(current.current.map((c) => c.revision)).toEqual(['6889de750fdb']);
    expect(strata(['downgrade', 'audit@-1'], { cwd: dir }).code).toBe(0);
    expect(
      json<{ current: { revision: string }[] }>(strata(['current', '--json'], { cwd: dir })).current.map(
        (c) => c.revision,
      ),
    ).toEqual(['3cd8dcdb16de']);
  });

  it('history prints newest first with Alembic-style flags, and -r selects a range', () => {
    const r = strata(['--project', SAMPLE, 'history']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(31);
    expect(lines.at(-1)).toMatch(/^<base> -> 3550b5f2509d \(base\), /);
    expect(r.stdout).toMatch(/-> e45df46a870b .*\(mergepoint\)/);
    const range = json<{ revision: string }[]>(
      strata(['--project', SAMPLE, 'history', '-r', 'e45df46a870b:0874aef793be', '--json']),
    );
    expect(range[0]?.revision).toBe('0874aef793be');
    expect(range.at(-1)?.revision).toBe('e45df46a870b');
  });

  it('show prints metadata and both SQL sections', () => {
    const r = strata(['--project', SAMPLE, 'show', 'e45d']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Revision:\s+e45df46a870b/);
    expect(r.stdout).toMatch(/Parents:\s+\w{12}, \w{12}/);
    expect(r.stdout).toMatch(/-- upgrade/);
    expect(r.stdout).toMatch(/-- downgrade/);
  });

  it('upgrade --sql prints a script without touching any database', () => {
    const dir = sampleCopy();
    const r = strata(['--project', dir, 'upgrade', 'heads', '--sql']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/CREATE TABLE IF NOT EXISTS "strata_version"/);
    expect(r.stdout.match(/^BEGIN IMMEDIATE;$/gm)).toHaveLength(31);
    expect(r.stdout).toMatch(/INSERT INTO "strata_version" \(version_num\) VALUES \('3550b5f2509d'\)/);
    expect(readdirSync(dir)).not.toContain('dev.sqlite');
    const partial = strata(['--project', dir, 'downgrade', 'heads:e45df46a870b', '--sql']);
    expect(partial.code).toBe(0);
    expect(partial.stdout).toMatch(/-- downgrade 0874aef793be/);
    expect(partial.stdout).not.toMatch(/-- downgrade e45df46a870b/);
  });
});

describe('strata check', () => {
  it('passes on a valid graph, fails --single-head on the sample with exit 1', () => {
    const dir = sampleCopy();
    const ok = strata(['--project', dir, 'check']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/ok\s+graph\s+31 revisions, 2 heads/);
    const single = strata(['--project', dir, 'check', '--single-head', '--json']);
    expect(single.code).toBe(1);
    const report = JSON.parse(single.stdout) as { ok: boolean; findings: { check: string; ok: boolean }[] };
    expect(report.ok).toBe(false);
    expect(report.findings.find((f) => f.check === 'single-head')?.ok).toBe(false);
  });

  it('reports an applied revision edited afterwards, and a database behind its heads', () => {
    const dir = sampleCopy();
    expect(strata(['--project', dir, 'upgrade', 'audit@head']).code).toBe(0);
    expect(strata(['--project', dir, 'check']).code).toBe(0);
    const url = join(dir, 'dev.sqlite');
    const behind = strata(['--project', dir, 'check', '--url', url]);
    expect(behind.code).toBe(1);
    expect(behind.stdout).toMatch(/FAIL at-heads .* behind \(0874aef793be not applied\)/);
    const file = readdirSync(join(dir, 'versions')).find((f) => f.startsWith('20e95d6662d1')) as string;
    const path = join(dir, 'versions', file);
    writeFileSync(path, readFileSync(path, 'utf8').replace('CREATE TABLE audit_log', 'CREATE TABLE  audit_log'));
    const edited = strata(['--project', dir, 'check']);
    expect(edited.code).toBe(1);
    expect(edited.stdout).toMatch(/FAIL checksum\s+20e95d6662d1 was edited after it was applied/);
  });

  it('reports a broken project as check failures with file and line', () => {
    const dir = sampleCopy();
    const file = readdirSync(join(dir, 'versions'))[0] as string;
    writeFileSync(
      join(dir, 'versions', 'zz_broken.sql'),
      `-- strata:revision ${file.slice(0, 12)}\n-- strata:upgrade\nSELECT 1;\n`,
    );
    const r = strata(['--project', dir, 'check']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /FAIL graph\s+revision \w+ is also defined in .*zz_broken\.sql|FAIL graph\s+revision \w+ is also defined in/,
    );
  });
});

describe('strata errors are messages with exit codes, never stack traces', () => {
  it('usage errors exit 2', () => {
    expect(strata(['frobnicate']).code).toBe(2);
    expect(strata(['--project', SAMPLE, 'heads', '--bogus']).code).toBe(2);
    const r = strata(['--project', SAMPLE, 'upgrade']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/upgrade takes one target/);
    expect(strata(['--project', SAMPLE, 'heads', '--sql']).stderr).toMatch(/heads does not take --sql/);
  });

  it('lint of a file that is not there exits 2 naming it, and prints no partial JSON', () => {
    const versions = readdirSync(join(SAMPLE, 'versions'))
      .sort()
      .map((f) => join(SAMPLE, 'versions', f));
    const first = versions[0] as string;
    for (const args of [
      ['lint', 'nope.sql'],
      ['lint', first, 'nope.sql', '--json'],
      ['lint', ...versions.slice(0, 12), 'nope.sql', ...versions.slice(12), '--json'],
    ]) {
      const r = strata(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^usage: cannot read \S*nope\.sql: no such file\n$/);
      if (args.includes('--json')) expect(r.stdout).toBe('');
    }
  });

  it('lint of a folder lints the .sql files under it, in path order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-lint-folder-'));
    temps.push(dir);
    writeFileSync(join(dir, 'b.sql'), 'DROP TABLE items;\n');
    writeFileSync(join(dir, 'notes.txt'), 'not SQL');
    cpSync(join(SAMPLE, 'versions'), join(dir, 'a'), { recursive: true });
    const r = json<{ summary: { files: number }; statements: { file: string }[] }>(strata(['lint', dir, '--json']));
    const files = [...new Set(r.statements.map((s) => s.file))];
    expect(r.summary.files).toBe(readdirSync(join(SAMPLE, 'versions')).filter((f) => f.endsWith('.sql')).length + 1);
    expect(files.at(-1)).toBe(join(dir, 'b.sql'));
    expect(files.every((f) => f.endsWith('.sql'))).toBe(true);
    expect([...files].sort()).toEqual(files);
    const empty = mkdtempSync(join(tmpdir(), 'strata-lint-empty-'));
    temps.push(empty);
    const none = strata(['lint', empty]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^usage: no \.sql files under \S+\n$/);
  });

  it('lint of a folder: a foreign key stands only if no later file in it creates its index', () => {
    type Row = { file: string; line: number; findings: { rule: string; message: string }[] };
    const fk = (dir: string): { file: string; line: number; message: string }[] =>
      json<{ statements: Row[] }>(strata(['lint', dir, '--json'])).statements.flatMap((s) =>
        s.findings
          .filter((f) => f.rule === 'foreign-key-without-index')
          .map((f) => ({ file: s.file, line: s.line, message: f.message })),
      );
    const folder = (files: Record<string, string>): string => {
      const dir = join(temp(), 'migrations');
      mkdirSync(dir);
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      return dir;
    };
    const base = {
      '001_parent.sql': 'CREATE TABLE parent (id bigint PRIMARY KEY);\n',
      '002_child.sql': 'CREATE TABLE child (id bigint PRIMARY KEY);\n',
      '003_key.sql': 'ALTER TABLE child ADD COLUMN parent_id bigint REFERENCES parent (id);\n',
      '004_more.sql': 'ALTER TABLE child ADD COLUMN note text;\n',
    };
    const never = folder(base);
    const found = fk(never);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: join(never, '003_key.sql'), line: 1 });
    expect(found[0]?.message).toMatch(/no index on child \(parent_id\) by the last file of the history/);
    const later = folder({ ...base, '005_index.sql': 'CREATE INDEX child_parent_id_idx ON child (parent_id);\n' });
    expect(fk(later)).toEqual([]);
  });

  it(
    'lint --json of a folder of files is the document linting each ' + 'in process gives, a syntax error included',
    async () => {
      const dir = temp();
      const corpus = writeLintCorpus(join(dir, 'migrations'), 60);
      writeFileSync(
        join(dir, 'migrations', '0031_broken.sql'),
        'ALTER TABLE orders ADD COLUMN x int;\nCREATE TABLE (;\n',
      );
      const r = json<{ statements: unknown[]; findings: unknown[]; summary: unknown }>(
        strata(['lint', 'migrations', '--json'], { cwd: dir }),
      );
      await loadParser();
      const names = [...corpus.files.map((f) => basename(f)), '0031_broken.sql'].sort();
      // One history: each file against the schema the files before it built.
      const history = new LintHistory({});
      const expected = jsonRows(
        names.map((name) =>
          history.lint(readFileSync(join(dir, 'migrations', name), 'utf8'), join('migrations', name)),
        ),
      ) as typeof r;
      expect(r.statements).toEqual(expected.statements);
      expect(r.summary).toEqual(expected.summary);
      expect(JSON.stringify(r)).toContain('syntax-error');
    },
  );

  it('an unknown or ambiguous target exits 2 and lists candidates', () => {
    const dir = writeProject('sqlite', [
      { id: 'abcd00000001', up: 'SELECT 1;\n', down: '' },
      { id: 'abcd00000002', parents: ['abcd00000001'], up: 'SELECT 1;\n', down: '' },
    ]);
    const r = strata(['--project', dir, 'show', 'abcd']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/'abcd' matches 2 revisions \(abcd00000001, abcd00000002\)/);
    expect(strata(['--project', dir, 'show', 'ffff']).stderr).toMatch(/no revision, branch label or target 'ffff'/);
  });

  it('a broken project exits 4 naming the file and line', () => {
    const dir = writeProject('sqlite', chain(2));
    writeFileSync(
      join(dir, 'versions', 'x_bad.sql'),
      '-- strata:revision bad000000001\n-- strata:wat yes\n-- strata:upgrade\nSELECT 1;\n',
    );
    const r = strata(['--project', dir, 'heads']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/x_bad\.sql:2: unknown header '-- strata:wat'/);
  });

  it('a failing statement exits 3 naming revision, file, line and statement', () => {
    const dir = writeProject('sqlite', [
      { id: 'a00000000001', up: 'CREATE TABLE a (id INTEGER);\n', down: 'DROP TABLE a;\n' },
      {
        id: 'a00000000002',
        parents: ['a00000000001'],
        up: 'CREATE TABLE b (id INTEGER);\nINSERT INTO nope VALUES (1);\n',
        down: 'DROP TABLE b;\n',
      },
    ]);
    const db = join(temp(), 'x.sqlite');
    const r = strata(['--project', dir, '--url', db, 'upgrade', 'head']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/upgrade a00000000002 failed at .*a00000000002_rev\.sql:8/);
    expect(r.stderr).toMatch(/INSERT INTO nope VALUES \(1\)/);
    expect(r.stderr).toMatch(/no such table: nope/);
    expect(r.stderr).toMatch(/rolled back: the database is still at a00000000001/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unreachable PostgreSQL exits 3 with a one-line reason', () => {
    const dir = writeProject('postgres', chain(1));
    const r = strata(['--project', dir, '--url', 'postgres://nobody:pw@127.0.0.1:1/none', 'current']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/ECONNREFUSED/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a project/URL dialect mismatch is refused before connecting', () => {
    const dir = writeProject('postgres', chain(1));
    const r = strata(['--project', dir, '--url', join(temp(), 'x.sqlite'), 'current']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/written for postgres but --url points at a sqlite database/);
  });
});

describe('strata writes revisions and merges', () => {
  it('init, revision, branch, merge, stamp', () => {
    const dir = join(temp(), 'app');
    expect(strata(['init', dir]).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'strata.json'), 'utf8'))).toMatchObject({
      dialect: 'sqlite',
      versions: 'versions',
      versionTable: 'strata_version',
    });
    const first = json<{ revision: string }>(strata(['--project', dir, 'revision', '-m', 'create accounts', '--json']));
    const second = json<{ revision: string }>(strata(['--project', dir, 'revision', '-m', 'add users', '--json']));
    const side = json<{ revision: string }>(
      strata([
        '--project',
        dir,
        'revision',
        '-m',
        'billing start',
        '--parent',
        first.revision,
        '--branch-label',
        'billing',
        '--json',
      ]),
    );
    const twoHeads = strata(['--project', dir, 'revision', '-m', 'ambiguous']);
    expect(twoHeads.code).toBe(2);
    expect(twoHeads.stderr).toMatch(/2 heads/);
    const dup = strata([
      '--project',
      dir,
      'revision',
      '-m',
      'dup label',
      '--parent',
      side.revision,
      '--branch-label',
      'billing',
    ]);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/already used/);
    expect(readdirSync(join(dir, 'versions'))).toHaveLength(3);
    const merge = json<{ revision: string; parents: string[] }>(
      strata(['--project', dir, 'merge', 'heads', '-m', 'merge billing', '--json']),
    );
    expect(merge.parents.sort()).toEqual([second.revision, side.revision].sort());
    expect(json<{ revision: string }[]>(strata(['--project', dir, 'heads', '--json'])).map((h) => h.revision)).toEqual([
      merge.revision,
    ]);
    const file = readdirSync(join(dir, 'versions')).find((f) => f.startsWith(merge.revision)) as string;
    expect(readFileSync(join(dir, 'versions', file), 'utf8')).toMatch(
      new RegExp(
        `^-- strata:revision ${merge.revision}\n-- strata:parents \\w{12}, \\w{12}\n` +
          `-- strata:message merge billing\n-- strata:created [0-9T:-]+Z\n\n-- strata:upgrade\n`,
      ),
    );
    expect(strata(['--project', dir, 'upgrade', 'head']).code).toBe(0);
    expect(
      json<{ current: { revision: string }[] }>(strata(['--project', dir, 'current', '--json'])).current.map(
        (c) => c.revision,
      ),
    ).toEqual([merge.revision]);
    expect(strata(['--project', dir, 'stamp', first.revision]).code).toBe(0);
    expect(
      json<{ current: { revision: string }[] }>(strata(['--project', dir, 'current', '--json'])).current.map(
        (c) => c.revision,
      ),
    ).toEqual([first.revision]);
  });
});

describe('strata on PostgreSQL', () => {
  it('upgrades and downgrades the PostgreSQL sample through --url and STRATA_DATABASE_URL', async () => {
    const db = await createPostgresDatabase();
    try {
      const project = resolve('migrations-sample/postgres');
      const up = strata(['--project', project, '--url', db.url, 'upgrade', 'head', '--lock-timeout', '5s']);
      expect(up.stderr).toBe('');
      expect(up.code).toBe(0);
      const current = json<{ atHeads: boolean; database: string }>(
        strata(['--project', project, 'current', '--json'], { env: { STRATA_DATABASE_URL: db.url } }),
      );
      expect(current.atHeads).toBe(true);
      expect(current.database).not.toMatch(/strata-test/);
      expect(strata(['--project', project, 'check', '--single-head', '--url', db.url]).code).toBe(0);
      expect(strata(['--project', project, '--url', db.url, 'downgrade', 'base']).code).toBe(0);
    } finally {
      await db.drop();
    }
  });
});

describe('strata on PostgreSQL: guarded runs and what CONCURRENTLY leaves behind', () => {
  it(
    '--retries waits out a held lock: names who holds it, retries the revision, then applies it',
    { timeout: 60_000 },
    async () => {
      const db = await createPostgresDatabase();
      const holder = new pg.Client({ connectionString: db.url });
      try {
        const dir = writeProject('postgres', [
          { id: 'g00000000001', up: 'CREATE TABLE accounts (id int PRIMARY KEY);\n', down: 'DROP TABLE accounts;\n' },
          {
            id: 'g00000000002',
            parents: ['g00000000001'],
            up: 'ALTER TABLE accounts ADD COLUMN note text;\n',
            down: 'ALTER TABLE accounts DROP COLUMN note;\n',
          },
        ]);
        temps.push(dir);
        expect(strata(['--project', dir, '--url', db.url, 'upgrade', 'g00000000001']).code).toBe(0);
        await holder.connect();
        await holder.query("SET application_name = 'the-report'");
        await holder.query('BEGIN');
        await holder.query('LOCK TABLE accounts IN ACCESS SHARE MODE');
        const child = spawn(
          process.execPath,
          [BIN, '--project', dir, '--url', db.url, 'upgrade', 'head', '--lock-timeout', '300ms', '--retries', '5'],
          { env: { ...process.env, STRATA_DATABASE_URL: '' } },
        );
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
        const deadline = Date.now() + 30_000;
        // The holder is named once the lock watcher has seen it wait: on a busy machine, maybe
        // only by a later attempt (there are five).
        const named = /waits for a table lock held by pid \d+ \(the-report\)/;
        while (!(/retry 1 of 5/.test(stderr) && named.test(stderr)) && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 50));
        expect(stderr).toMatch(/retry 1 of 5/);
        expect(stderr).toMatch(/waits for a table lock held by pid \d+ \(the-report\)/);
        await holder.query('ROLLBACK');
        expect(await exited).toBe(0);
        const check = strata(['--project', dir, '--url', db.url, 'current', '--json']);
        expect(JSON.parse(check.stdout)).toMatchObject({ atHeads: true });
      } finally {
        await holder.end().catch(() => {});
        await db.drop();
      }
    },
  );

  it(
    'a failed CREATE INDEX CONCURRENTLY: the run names the invalid index and its cleanup, and check fails on it',
    { timeout: 60_000 },
    async () => {
      const db = await createPostgresDatabase();
      try {
        const dir = writeProject('postgres', [
          {
            id: 'h00000000001',
            up: "CREATE TABLE emails (address text);\nINSERT INTO emails VALUES ('a@x'), ('a@x');\n",
            down: 'DROP TABLE emails;\n',
          },
          {
            id: 'h00000000002',
            parents: ['h00000000001'],
            transactional: false,
            up: 'CREATE UNIQUE INDEX CONCURRENTLY emails_address_key ON emails (address);\n',
            down: 'DROP INDEX CONCURRENTLY emails_address_key;\n',
          },
        ]);
        temps.push(dir);
        const run = strata(['--project', dir, '--url', db.url, 'upgrade', 'head']);
        expect(run.code).toBe(3);
        expect(run.stderr).toMatch(/could not create unique index/);
        expect(run.stderr).toMatch(/left behind by an interrupted CONCURRENTLY command \(1\)/);
        expect(run.stderr).toMatch(/emails_address_key on emails is INVALID/);
        expect(run.stderr).toContain('DROP INDEX CONCURRENTLY IF EXISTS emails_address_key;');
        const check = strata(['--project', dir, '--url', db.url, 'check']);
        expect(check.code).toBe(1);
        expect(check.stdout).toMatch(/FAIL leftovers +emails_address_key on emails is INVALID/);
        // Cleaned up as offered, check passes the leftovers again.
        const fix = new pg.Client({ connectionString: db.url });
        await fix.connect();
        await fix.query('DROP INDEX CONCURRENTLY IF EXISTS emails_address_key');
        await fix.end();
        expect(strata(['--project', dir, '--url', db.url, 'check']).stdout).toMatch(/ok {3}leftovers/);
      } finally {
        await db.drop();
      }
    },
  );
});

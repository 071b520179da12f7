// The CLI's output pinned byte for byte: every read command (text and --json), the offline
// script, and the refusals (message and exit code), on copies of migrations-sample and on
// small projects brought to fixed states. A restructuring of the commands, the use cases
// under them or the error table must leave every file under test/golden/cli as it is.
//
// Only what differs from run to run is normalized, here and never in the CLI: the temporary
// folder (and the checkout's), instants of the run (ISO times with milliseconds), durations printed after them,
// and the user and host an offline script records.
//
// To write the golden files again (after a deliberate change of output, reviewed in the
// diff): STRATA_UPDATE_GOLDEN=1 npx vitest run test/cli-golden.test.ts
import { execFile } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../electron/engine/dialects/registry.ts';
import { insertStartedRun } from '../electron/engine/dialects/strata-tables.ts';
import { copySample, writeProject } from './support/projects.ts';

const BIN = resolve('bin/strata.js');
const GOLDEN = resolve('test/golden/cli');
const UPDATE = process.env.STRATA_UPDATE_GOLDEN === '1';
const TABLES = { version: 'strata_version', history: 'strata_history' };

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function strata(args: readonly string[], cwd: string): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const key of ['STRATA_DEBUG', 'STRATA_DATABASE_URL', 'DATABASE_URL']) delete env[key];
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, env, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : undefined;
        if (code === undefined) fail(error);
        else done({ code, stdout, stderr });
      },
    );
  });
}

let root: string;
const dirs: Record<'sample' | 'fresh' | 'edited' | 'interrupted' | 'unknownRow' | 'broken', string> = {} as never;

/** A project of three revisions whose middle one (transactional false) was cut off half way. */
async function interruptedProject(dir: string): Promise<void> {
  writeProject(
    'sqlite',
    [
      {
        id: 'a00000000000',
        message: 'base',
        up: 'CREATE TABLE base_t (id INTEGER PRIMARY KEY);\n',
        down: 'DROP TABLE base_t;\n',
      },
      {
        id: 'b00000000000',
        parents: ['a00000000000'],
        message: 'items, indexed',
        transactional: false,
        up: 'CREATE TABLE nt_items (id INTEGER NOT NULL, v TEXT NOT NULL);\nCREATE INDEX nt_items_v ON nt_items (v);\n',
        down: 'DROP TABLE nt_items;\n',
      },
      {
        id: 'c00000000000',
        parents: ['b00000000000'],
        message: 'after',
        up: 'CREATE TABLE after_t (id INTEGER PRIMARY KEY);\n',
        down: 'DROP TABLE after_t;\n',
      },
    ],
    dir,
  );
  await must(['--url', 'db.sqlite', 'upgrade', 'a00000000000'], dir);
  const conn = await connect({ dialect: 'sqlite', path: join(dir, 'db.sqlite') });
  try {
    // As the runner writes it before the revision's first statement; the table was created,
    // then the runner died.
    await insertStartedRun(
      conn,
      TABLES,
      {
        revision: 'b00000000000',
        direction: 'upgrade',
        checksum: null,
        startedAt: new Date('2026-01-02T03:04:05.000Z'),
        user: 'golden',
        host: 'golden-host',
        toolVersion: '0.1.0',
      },
      2,
    );
    await conn.execute('CREATE TABLE nt_items (id INTEGER NOT NULL, v TEXT NOT NULL)');
  } finally {
    await conn.close();
  }
}

async function must(args: readonly string[], cwd: string): Promise<void> {
  const r = await strata(args, cwd);
  if (r.code !== 0) throw new Error(`strata ${args.join(' ')}: exit ${r.code}\n${r.stderr}`);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'strata-golden-'));
  dirs.sample = copySample(join(root, 'sample'));
  dirs.fresh = copySample(join(root, 'fresh'));
  dirs.edited = copySample(join(root, 'edited'));
  dirs.unknownRow = copySample(join(root, 'unknown-row'));
  dirs.interrupted = join(root, 'interrupted');
  dirs.broken = join(root, 'broken');
  // Four revisions of both branches applied; the audit branch's head and main's head pending.
  await Promise.all([
    must(['upgrade', '37d8e4952211'], dirs.sample),
    must(['upgrade', '3e5755fbda8c'], dirs.edited),
    must(['upgrade', 'cb1428ecc66a'], dirs.unknownRow),
  ]);
  // An applied revision edited afterwards: what `check` exists to catch.
  appendFileSync(
    join(dirs.edited, 'versions', 'cb1428ecc66a_create_users_table.sql'),
    '-- edited after it was applied\n',
  );
  const conn = await connect({ dialect: 'sqlite', path: join(dirs.unknownRow, 'dev.sqlite') });
  try {
    await conn.execute("INSERT INTO strata_version (version_num) VALUES ('ffffffffffff')");
  } finally {
    await conn.close();
  }
  await interruptedProject(dirs.interrupted);
  // A revision whose parent does not exist.
  writeProject(
    'sqlite',
    [
      { id: 'a00000000000', up: 'SELECT 1;\n' },
      { id: 'b00000000000', parents: ['0123456789ab'], up: 'SELECT 1;\n' },
    ],
    dirs.broken,
  );
}, 180_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

interface Case {
  readonly name: string;
  readonly in: keyof typeof dirs | 'repo';
  readonly args: readonly string[];
}

const CASES: readonly Case[] = [
  // The graph alone.
  { name: 'heads', in: 'sample', args: ['heads'] },
  { name: 'heads-json', in: 'sample', args: ['heads', '--json'] },
  { name: 'history', in: 'sample', args: ['history'] },
  { name: 'history-json', in: 'sample', args: ['history', '--json'] },
  { name: 'history-range-json', in: 'sample', args: ['history', '-r', 'e45df46a870b:heads', '--json'] },
  { name: 'history-range-current', in: 'sample', args: ['history', '-r', 'current:heads'] },
  { name: 'history-range-current-json', in: 'sample', args: ['history', '-r', 'base:current', '--json'] },
  { name: 'show-merge', in: 'sample', args: ['show', 'e45d'] },
  { name: 'show-merge-json', in: 'sample', args: ['show', 'e45d', '--json'] },
  { name: 'show-head-json', in: 'sample', args: ['show', 'audit@head', '--json'] },
  { name: 'show-base', in: 'sample', args: ['show', '3550'] },
  // The database's state.
  { name: 'current', in: 'sample', args: ['current'] },
  { name: 'current-json', in: 'sample', args: ['current', '--json'] },
  { name: 'current-check-heads', in: 'sample', args: ['current', '--check-heads'] },
  { name: 'current-no-database', in: 'fresh', args: ['current'] },
  { name: 'current-no-database-json', in: 'fresh', args: ['current', '--json'] },
  { name: 'check', in: 'sample', args: ['check'] },
  { name: 'check-json', in: 'sample', args: ['check', '--json'] },
  { name: 'check-single-head-json', in: 'sample', args: ['check', '--single-head', '--json'] },
  { name: 'check-url', in: 'sample', args: ['check', '--url', 'dev.sqlite'] },
  { name: 'check-url-json', in: 'sample', args: ['check', '--url', 'dev.sqlite', '--json'] },
  { name: 'check-no-database-json', in: 'fresh', args: ['check', '--json'] },
  { name: 'check-edited', in: 'edited', args: ['check'] },
  { name: 'check-edited-json', in: 'edited', args: ['check', '--json'] },
  { name: 'check-broken-json', in: 'broken', args: ['check', '--json'] },
  { name: 'resolve-none', in: 'sample', args: ['resolve'] },
  { name: 'resolve-none-json', in: 'sample', args: ['resolve', '--json'] },
  // An interrupted transactional false revision: named by every command, refused by a run.
  { name: 'interrupted-current', in: 'interrupted', args: ['--url', 'db.sqlite', 'current'] },
  { name: 'interrupted-current-json', in: 'interrupted', args: ['--url', 'db.sqlite', 'current', '--json'] },
  { name: 'interrupted-check', in: 'interrupted', args: ['--url', 'db.sqlite', 'check'] },
  { name: 'interrupted-check-json', in: 'interrupted', args: ['--url', 'db.sqlite', 'check', '--json'] },
  { name: 'interrupted-resolve', in: 'interrupted', args: ['--url', 'db.sqlite', 'resolve'] },
  { name: 'interrupted-resolve-json', in: 'interrupted', args: ['--url', 'db.sqlite', 'resolve', 'b000', '--json'] },
  { name: 'interrupted-upgrade-refused', in: 'interrupted', args: ['--url', 'db.sqlite', 'upgrade', 'heads'] },
  { name: 'interrupted-stamp-refused', in: 'interrupted', args: ['--url', 'db.sqlite', 'stamp', 'heads'] },
  // Lint and offline SQL: read the files, write nothing.
  { name: 'lint', in: 'sample', args: ['lint'] },
  { name: 'lint-json', in: 'sample', args: ['lint', '--json'] },
  { name: 'lint-revision-github', in: 'sample', args: ['lint', '--revision', '838bc8b2b701', '--format', 'github'] },
  { name: 'upgrade-sql', in: 'sample', args: ['upgrade', 'audit@head', '--sql'] },
  { name: 'downgrade-sql-range', in: 'sample', args: ['downgrade', 'e45df46a870b:3e5755fbda8c', '--sql'] },
  // Autogenerate: the sample's schema.sql is a little ahead of its heads (a column, an index, a table).
  { name: 'diff', in: 'sample', args: ['diff'] },
  { name: 'diff-json', in: 'sample', args: ['diff', '--json'] },
  { name: 'roundtrip', in: 'sample', args: ['roundtrip'] },
  { name: 'error-autogenerate-two-heads', in: 'sample', args: ['revision', '--autogenerate', '-m', 'catch up'] },
  // Refusals: the message and the exit code.
  { name: 'error-unknown-revision', in: 'sample', args: ['show', 'ffffffffffff'] },
  { name: 'error-ambiguous-head', in: 'sample', args: ['upgrade', 'head'] },
  { name: 'error-downgrade-below-base', in: 'fresh', args: ['downgrade', '-1'] },
  { name: 'error-unknown-row', in: 'unknownRow', args: ['current'] },
  { name: 'error-unknown-row-upgrade', in: 'unknownRow', args: ['upgrade', 'heads'] },
  { name: 'error-broken-project', in: 'broken', args: ['heads'] },
  { name: 'error-no-project', in: 'repo', args: ['--project', 'no-such-folder', 'heads'] },
  { name: 'error-dialect-mismatch', in: 'sample', args: ['--url', 'postgres://strata@127.0.0.1:9/none', 'current'] },
  {
    name: 'error-connection-refused',
    in: 'repo',
    args: ['--project', 'migrations-sample/postgres', '--url', 'postgres://strata@127.0.0.1:9/none', 'current'],
  },
  { name: 'error-rehearse-sqlite', in: 'sample', args: ['rehearse', 'heads'] },
  { name: 'error-unknown-command', in: 'sample', args: ['haeds'] },
  { name: 'error-unknown-option', in: 'sample', args: ['heads', '--jsno'] },
  { name: 'error-misplaced-option', in: 'sample', args: ['heads', '--purge'] },
];

/** What changes from run to run, and nothing else. */
function normalize(text: string): string {
  return text
    .split(root)
    .join('<TMP>')
    .split(process.cwd())
    .join('<REPO>')
    .replace(
      /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z( \d+(?:\.\d+)? (?:ms|s)\b)?/g,
      (_m, duration: string | undefined) => `<TIME>${duration ? ' <DURATION>' : ''}`,
    )
    .replace(/'[^']*', '[^']*', '(\d+\.\d+\.\d+ offline)'/g, "'<USER>', '<HOST>', '$1'");
}

function render(c: Case, r: Run): string {
  return (
    `$ strata ${c.args.join(' ')}\nexit ${r.code}\n--- stdout\n` +
    `${normalize(r.stdout)}--- stderr\n${normalize(r.stderr)}`
  );
}

describe('the CLI output, byte for byte', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const r = await strata(c.args, c.in === 'repo' ? process.cwd() : dirs[c.in]);
      const file = join(GOLDEN, `${c.name}.txt`);
      const text = render(c, r);
      if (UPDATE) {
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(file, text);
        return;
      }
      expect(existsSync(file), `${file} is missing: run with STRATA_UPDATE_GOLDEN=1 to write it`).toBe(true);
      expect(text).toBe(readFileSync(file, 'utf8'));
    });
  }

  it('has a case for every golden file (none left over from a removed case)', () => {
    const names = new Set(CASES.map((c) => `${c.name}.txt`));
    expect(readdirSync(GOLDEN).filter((f) => !names.has(f))).toEqual([]);
  });
});

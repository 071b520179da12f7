// The real Alembic (Debian's python3-alembic) for the tests: find a Python that has it, make
// projects with `alembic init` and `alembic revision`/`merge` command lines, and ask Alembic's
// own loader what the graph is. CI installs python3-alembic (.ci/run); without it these tests
// fail with a message saying so, they are never skipped.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const DRIVER = resolve('test/support/alembic_driver.py');

let found: string | undefined;

/** A Python interpreter that can `import alembic`: STRATA_TEST_PYTHON, python3 on PATH, then Debian's. */
export function alembicPython(): string {
  if (found) return found;
  const candidates = [process.env.STRATA_TEST_PYTHON, 'python3', '/usr/bin/python3'].filter(
    (c): c is string => c !== undefined && c !== '',
  );
  for (const python of candidates) {
    if (spawnSync(python, ['-c', 'import alembic'], { stdio: 'ignore' }).status === 0) return (found = python);
  }
  throw new Error(
    `no Python with alembic among ${candidates.join(', ')}: ` +
      `apt-get install python3-alembic (or set STRATA_TEST_PYTHON)`,
  );
}

/** The command that runs alembic, as strata.alembic.json's "command" takes it. */
export function alembicCommand(): string[] {
  return [alembicPython(), '-m', 'alembic'];
}

export interface AlembicDump {
  readonly heads: readonly string[];
  readonly bases: readonly string[];
  readonly revisions: Readonly<
    Record<string, { parents: string[]; dependsOn: string[]; branchLabels: string[]; message: string; path: string }>
  >;
}

export interface DriverResult {
  readonly failures: readonly { argv: string[]; code: number }[];
  readonly dump?: AlembicDump;
}

/**
 * Runs alembic command lines (argv after `alembic -c INI`) in one process, then dumps the graph as Alembic loads it.
 */
export function driveAlembic(
  ini: string,
  commands: readonly (readonly string[])[],
  options: { dump?: boolean; section?: string } = {},
): DriverResult {
  const out = execFileSync(
    alembicPython(),
    [DRIVER, JSON.stringify({ ini, commands, dump: options.dump ?? true, section: options.section ?? 'alembic' })],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const marker = out.lastIndexOf('@@ALEMBIC-DRIVER@@');
  if (marker < 0) throw new Error(`the alembic driver printed no result:\n${out}`);
  return JSON.parse(out.slice(marker + '@@ALEMBIC-DRIVER@@'.length)) as DriverResult;
}

/** `alembic init` in a new temporary folder; returns the folder (alembic.ini in it, scripts in `migrations`). */
export function alembicInit(template = 'generic', dir = mkdtempSync(join(tmpdir(), 'strata-alembic-'))): string {
  execFileSync(alembicPython(), ['-m', 'alembic', 'init', '-t', template, 'migrations'], { cwd: dir, stdio: 'ignore' });
  return dir;
}

/** Sets keys of alembic.ini's [alembic] section, replacing the line that sets each (null: comments it out). */
export function setIni(dir: string, values: Readonly<Record<string, string | null>>): void {
  const file = join(dir, 'alembic.ini');
  let text = readFileSync(file, 'utf8');
  for (const [key, value] of Object.entries(values)) {
    const name = key.replace('.', '\\.');
    const set = new RegExp(`^${name}\\s*=.*$`, 'm');
    const commented = new RegExp(`^#\\s*${name}\\s*=.*$`, 'm');
    const written = value === null ? `# ${key} (unset by the test)` : `${key} = ${value}`;
    if (set.test(text)) text = text.replace(set, written);
    else if (value === null) continue;
    else if (commented.test(text)) text = text.replace(commented, written);
    else text = text.replace('[alembic]\n', `[alembic]\n${written}\n`);
  }
  writeFileSync(file, text);
}

/** Runs `alembic ARGS` in the project folder; stdout, stderr and the exit code. */
export function alembic(dir: string, args: readonly string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(alembicPython(), ['-m', 'alembic', ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const BIN = resolve('bin/strata.js');

/** The strata CLI as a user runs it, without the environment's database variables. */
export function strata(
  args: readonly string[],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const key of ['STRATA_DATABASE_URL', 'DATABASE_URL']) delete env[key];
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, env, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : undefined;
        if (code === undefined) fail(error);
        else done({ code, stdout, stderr });
      },
    );
  });
}

/** `alembic revision` arguments for a revision with a chosen id and the message `message of ID`. */
export const rev = (id: string, ...more: string[]): string[] => [
  'revision',
  '-m',
  `message of ${id}`,
  '--rev-id',
  id,
  ...more,
];

/**
 * A graph with what real histories hold: non-hex and 11-character ids, a branch label, a
 * three-parent merge, a second base with its own label, and a depends-on across the bases.
 */
export const BRANCHY_GRAPH: readonly (readonly string[])[] = [
  rev('1975ea83b712', '--branch-label', 'main'),
  rev('ae1027a6acf'),
  rev('kilo', '--head', '1975ea83b712', '--splice'),
  rev('6f8a4c0d2e3g', '--head', '1975ea83b712', '--splice'),
  ['merge', '-m', 'three heads', '--rev-id', 'm3', 'ae1027a6acf', 'kilo', '6f8a4c0d2e3g'],
  rev('net1', '--head', 'base', '--branch-label', 'networking'),
  rev('net2', '--head', 'networking@head', '--depends-on', 'ae1027a6acf'),
];

/** Replaces the `pass` of a generated module's upgrade() and downgrade() with operations. */
export function setBody(dir: string, file: string, upgrade: string, downgrade = 'pass'): void {
  const path = join(dir, 'migrations', 'versions', file);
  const text = readFileSync(path, 'utf8')
    .replace(/def upgrade\(\) -> None:\n {4}pass/, `def upgrade() -> None:\n    ${upgrade}`)
    .replace(/def downgrade\(\) -> None:\n {4}pass/, `def downgrade() -> None:\n    ${downgrade}`);
  writeFileSync(path, text);
}

/**
 * A project at `url` with revisions a1 (creates `account`) and a2 (adds its `email` column),
 * then `more` revisions with `pass` bodies, run with the suite's alembic.
 */
export function accountProject(url: string, more: readonly string[] = []): string {
  const dir = alembicInit();
  setIni(dir, { 'sqlalchemy.url': url });
  const made = driveAlembic(join(dir, 'alembic.ini'), [rev('a1'), rev('a2'), ...more.map((id) => rev(id))], {
    dump: false,
  });
  if (made.failures.length > 0) throw new Error(`alembic could not make the project: ${JSON.stringify(made.failures)}`);
  writeFileSync(join(dir, 'strata.alembic.json'), JSON.stringify({ command: alembicCommand() }));
  setBody(
    dir,
    'a1_message_of_a1.py',
    "op.create_table('account', sa.Column('id', sa.Integer, primary_key=True))",
    "op.drop_table('account')",
  );
  setBody(
    dir,
    'a2_message_of_a2.py',
    "op.add_column('account', sa.Column('email', sa.String(100)))",
    "op.drop_column('account', 'email')",
  );
  return dir;
}

/** The rows of a PostgreSQL database's alembic_version, read the way alembic leaves them (never written here). */
export async function alembicVersionsOn(url: string): Promise<string[]> {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<{ v: string }>('SELECT version_num AS v FROM alembic_version')).rows.map((r) => r.v);
  } finally {
    await c.end();
  }
}

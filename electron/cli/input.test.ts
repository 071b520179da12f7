// What a user types and what sits on disk, through the real strata process: relative targets
// as Alembic users type them, suggestions for slips, and project files that are not what they
// seem, each with its documented exit code and the path, never a hang or a stack trace.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chain, copySample, writeProject } from '../../test/support/projects.ts';

const BIN = resolve('bin/strata.js');
const SAMPLE = resolve('migrations-sample');
const temps: string[] = [];

afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'strata-input-'));
  temps.push(dir);
  return dir;
}

interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function strata(args: readonly string[], options: { uid?: number; gid?: number } = {}): Result {
  const env = { ...process.env };
  delete env.STRATA_DATABASE_URL;
  delete env.DATABASE_URL;
  // A hang (a pipe opened for reading) shows as a null exit code, not as a stuck suite.
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 30_000, ...options });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function sampleCopy(): string {
  return copySample(join(temp(), 'sample'));
}

function current(dir: string): string[] {
  const r = strata(['--project', dir, 'current', '--json']);
  expect(r.stderr).toBe('');
  return (JSON.parse(r.stdout) as { current: { revision: string }[] }).current.map((c) => c.revision);
}

const HINT = "'strata --help' lists the commands, 'strata COMMAND --help' a command's options\n";

describe('relative targets as an Alembic user types them', () => {
  it('upgrade +2, downgrade -1 and downgrade -- -1 all work', () => {
    const dir = sampleCopy();
    expect(strata(['--project', dir, 'upgrade', '+2'])).toMatchObject({ code: 0, stderr: '' });
    expect(current(dir)).toEqual(['cb1428ecc66a']);
    expect(strata(['--project', dir, 'upgrade', '+2'])).toMatchObject({ code: 0, stderr: '' });
    expect(strata(['--project', dir, 'downgrade', '-1'])).toMatchObject({ code: 0, stderr: '' });
    expect(current(dir)).toEqual(['d58b93b189e5']);
    expect(strata(['--project', dir, 'downgrade', '--', '-1'])).toMatchObject({ code: 0, stderr: '' });
    expect(current(dir)).toEqual(['cb1428ecc66a']);
    // Options still work around it, and after it.
    const offline = strata(['--project', dir, 'upgrade', '+1', '--sql']);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toContain('3550b5f2509d');
    const down = strata(['--project', dir, 'downgrade', '-1', '--json']);
    expect(down).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(down.stdout)).toMatchObject({ rows: ['3550b5f2509d'] });
  });

  it('-N reaches every command that takes a target, as a target', () => {
    const dir = sampleCopy();
    // stamp, show and rehearse refuse it for what it means, never as an unknown option.
    for (const args of [
      ['stamp', '-1'],
      ['show', '-1'],
      ['upgrade', '-1'],
    ]) {
      const r = strata(['--project', dir, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain("'-1'");
      expect(r.stderr, args.join(' ')).not.toMatch(/unknown option|Unknown option/);
    }
    expect(strata(['--project', dir, 'history', '-r', '-1:heads']).stderr).not.toMatch(
      /unknown option|argument is ambiguous/,
    );
  });
});

describe('slips get the nearest word, not the whole help', () => {
  it('an unknown command', () => {
    expect(strata(['upgarde', 'heads'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `usage: unknown command 'upgarde': did you mean upgrade?\n${HINT}`,
    });
    expect(strata(['frobnicate'])).toMatchObject({ code: 2, stderr: `usage: unknown command 'frobnicate'\n${HINT}` });
  });

  it('an unknown target', () => {
    const r = strata(['--project', SAMPLE, 'upgrade', 'hed', '--sql']);
    expect(r).toMatchObject({
      code: 2,
      stdout: '',
      stderr: "error: no revision, branch label or target 'hed': did you mean head?\n",
    });
    expect(strata(['--project', SAMPLE, 'show', '0874aef793bf']).stderr).toBe(
      "error: no revision, branch label or target '0874aef793bf': did you mean 0874aef793be?\n",
    );
  });

  it('an unknown option', () => {
    expect(strata(['--project', SAMPLE, 'upgrade', '--sqll', 'heads'])).toMatchObject({
      code: 2,
      stderr: `usage: unknown option '--sqll': did you mean --sql?\n${HINT}`,
    });
  });
});

describe('project file-system problems exit 4 naming the path', () => {
  const heads = (dir: string): Result => strata(['--project', dir, 'heads']);

  it('a folder named x.sql, a broken link, a looping link', () => {
    for (const [name, make, says] of [
      ['x.sql', (p: string) => mkdirSync(p), 'is a folder, not a regular file'],
      [
        'broken.sql',
        (p: string) => symlinkSync('gone.sql', p),
        "is a symbolic link to 'gone.sql', which does not exist",
      ],
      ['loop.sql', (p: string) => symlinkSync('loop.sql', p), "is a symbolic link that loops (to 'loop.sql')"],
    ] as const) {
      const dir = writeProject('sqlite', chain(2));
      temps.push(dir);
      make(join(dir, 'versions', name));
      const r = heads(dir);
      expect(r.code, name).toBe(4);
      expect(r.stderr, name).toBe(`error: the project has 1 problem:\n  ${join(dir, 'versions', name)}: ${says}\n`);
    }
  });

  it('a named pipe in versions/ or as strata.json is reported at once, never read', () => {
    const dir = writeProject('sqlite', chain(2));
    temps.push(dir);
    mkfifo(join(dir, 'versions', 'p.sql'));
    const r = heads(dir);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`${join(dir, 'versions', 'p.sql')}: is a named pipe (FIFO), not a regular file`);
    rmSync(join(dir, 'versions', 'p.sql'));
    rmSync(join(dir, 'strata.json'));
    mkfifo(join(dir, 'strata.json'));
    const config = heads(dir);
    expect(config.code).toBe(4);
    expect(config.stderr).toContain(`${join(dir, 'strata.json')}: is a named pipe (FIFO), not a regular file`);
  });

  it('versions being a file', () => {
    const dir = writeProject('sqlite', chain(1));
    temps.push(dir);
    rmSync(join(dir, 'versions'), { recursive: true });
    writeFileSync(join(dir, 'versions'), '');
    const r = heads(dir);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`${join(dir, 'versions')}: is a file, not a folder`);
  });

  it('an unreadable revision file', () => {
    const dir = writeProject('sqlite', chain(2));
    temps.push(dir);
    chmodSync(dir, 0o755);
    const file = readdirSync(join(dir, 'versions'))[0] as string;
    chmodSync(join(dir, 'versions', file), 0o000);
    const r = strata(['--project', dir, 'heads'], asUnprivileged());
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`${join(dir, 'versions', file)}: cannot be read: permission denied`);
  });

  it('a revision written into a folder it may not write to', () => {
    const dir = writeProject('sqlite', chain(1));
    temps.push(dir);
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'versions'), 0o555);
    const r = strata(['--project', dir, 'revision', '-m', 'add x'], asUnprivileged());
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(
      new RegExp(`^error: ${join(dir, 'versions')}/\\w+_add_x\\.sql: cannot be written: permission denied\n$`),
    );
  });

  it('init over an existing project', () => {
    const dir = writeProject('sqlite', chain(1));
    temps.push(dir);
    expect(strata(['init', dir])).toMatchObject({
      code: 4,
      stderr: `error: ${join(dir, 'strata.json')}: cannot be written: it already exists\n`,
    });
  });

  it('bytes that are not UTF-8 name the file and line', () => {
    const dir = writeProject('sqlite', chain(1));
    temps.push(dir);
    const file = join(dir, 'versions', readdirSync(join(dir, 'versions'))[0] as string);
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('-- strata:revision c00000000000\n-- strata:message caf'),
        Buffer.from([0xe9]),
        Buffer.from('\n-- strata:upgrade\nSELECT 1;\n'),
      ]),
    );
    const r = heads(dir);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`${file}:2: bytes that are not UTF-8 (0xe9 at column 22)`);
  });
});

/** Root reads and writes anything: run as nobody then, whom the modes shut out. */
describe('reading a database creates none', () => {
  it('current on a project whose embedded SQLite file does not exist yet', () => {
    const dir = sampleCopy();
    const r = strata(['--project', dir, 'current']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(no database file yet: the first upgrade creates it)');
    expect(r.stdout).toContain('<base> (nothing applied)');
    expect(readdirSync(dir).filter((f) => f.startsWith('dev.sqlite'))).toEqual([]);
    // A downgrade there has nothing to take back, and creates nothing either.
    const down = strata(['--project', dir, 'downgrade', 'base']);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toContain('no database file yet: nothing to take back');
    expect(strata(['--project', dir, 'downgrade', '-1']).code).toBe(2);
    expect(readdirSync(dir).filter((f) => f.startsWith('dev.sqlite'))).toEqual([]);
    expect(strata(['--project', dir, 'upgrade', '+1']).code).toBe(0);
    expect(readdirSync(dir)).toContain('dev.sqlite');
  });
});

function asUnprivileged(): { uid?: number; gid?: number } {
  return process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
}

function mkfifo(path: string): void {
  const r = spawnSync('mkfifo', [path]);
  if (r.status !== 0) throw new Error(`mkfifo ${path}: ${r.stderr}`);
}

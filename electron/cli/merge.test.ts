// `strata merge` and `strata rebase` as a user runs them: a real process on real files.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeProject, type RevisionSpec } from '../../test/support/projects.ts';

const BIN = resolve('bin/strata.js');

function strata(dir: string, args: readonly string[]): { code: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.STRATA_DATABASE_URL;
  delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, [BIN, '--project', dir, ...args], { env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const BASE = {
  id: 'f00000000000',
  up: 'CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);\n',
  down: 'DROP TABLE users;\n',
};

function twoBranches(onA: string, onB: string, extra: Partial<Record<'a' | 'b', Partial<RevisionSpec>>> = {}): string {
  const dir = writeProject('sqlite', [
    BASE,
    { id: 'a00000000000', parents: ['f00000000000'], up: onA, down: '-- none\n', ...extra.a },
    { id: 'b00000000000', parents: ['f00000000000'], up: onB, down: '-- none\n', ...extra.b },
  ]);
  writeFileSync(
    join(dir, 'strata.json'),
    JSON.stringify({
      ...JSON.parse(readFileSync(join(dir, 'strata.json'), 'utf8')),
      defaultConnection: { sqlite: 'dev.sqlite' },
    }),
  );
  return dir;
}

const files = (dir: string): string[] => readdirSync(join(dir, 'versions')).sort();

describe('strata merge names the conflicts first', () => {
  const sameColumn = (): string =>
    twoBranches('ALTER TABLE users ADD COLUMN nickname TEXT;\n', 'ALTER TABLE users ADD COLUMN nickname TEXT;\n');

  it('refuses with exit 1 on a conflict, writing nothing', () => {
    const dir = sameColumn();
    const before = files(dir);
    const r = strata(dir, ['merge', 'heads', '-m', 'join']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'CONFLICT: a00000000000 ↔ b00000000000\n  same-column  column users.nickname is changed on both branches: ' +
        'ADD COLUMN users.nickname in a00000000000, line 7; ADD COLUMN users.nickname in b00000000000, line 7\n',
    );
    expect(r.stderr).toMatch(
      /^merge refused: 1 conflict between the branches; resolve them, or pass --allow-conflicts/,
    );
    expect(files(dir)).toEqual(before);
  });

  it('--check is the same analysis for CI: exit 1 on a conflict, 0 without; --json for machines', () => {
    const conflict = strata(sameColumn(), ['merge', '--check']);
    expect(conflict.code).toBe(1);
    expect(conflict.stdout).toMatch(
      new RegExp(
        '^2 heads; fork point f00000000000\\na00000000000: ' +
          '1 revision since the fork point\\n {2}a00000000000 {2}2026-01-01T00:00:01Z ' +
          '{2}revision a00000000000 — create column users.nickname\\n',
      ),
    );
    const clean = strata(
      twoBranches('ALTER TABLE users ADD COLUMN a TEXT;\n', 'ALTER TABLE users ADD COLUMN b TEXT;\n'),
      ['merge', '--check', '--json'],
    );
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout)).toMatchObject({
      verdict: 'clean',
      heads: ['a00000000000', 'b00000000000'],
      forkPoints: ['f00000000000'],
    });
    const single = strata(writeProject('sqlite', [BASE]), ['merge', '--check']);
    expect(single).toMatchObject({ code: 0, stdout: 'one head (f00000000000): nothing to merge\n' });
  });

  it('--allow-conflicts writes the merge, with reconciling SQL from --reconcile', () => {
    const dir = sameColumn();
    writeFileSync(join(dir, 'reconcile.sql'), 'UPDATE users SET nickname = email WHERE nickname IS NULL;\n');
    const r = strata(dir, [
      'merge',
      'heads',
      '-m',
      'join',
      '--allow-conflicts',
      '--reconcile',
      join(dir, 'reconcile.sql'),
      '--json',
    ]);
    expect(r.code).toBe(0);
    const written = JSON.parse(r.stdout) as { revision: string; file: string; parents: string[]; verdict: string };
    expect(written).toMatchObject({ parents: ['a00000000000', 'b00000000000'], verdict: 'conflict' });
    expect(readFileSync(written.file, 'utf8')).toContain(
      '-- strata:upgrade\nUPDATE users SET nickname = email WHERE nickname IS NULL;\n',
    );
    expect(JSON.parse(strata(dir, ['heads', '--json']).stdout)).toMatchObject([{ revision: written.revision }]);
  });
});

describe('strata rebase linearizes an unapplied branch', () => {
  const branches = (): string =>
    twoBranches('ALTER TABLE users ADD COLUMN a TEXT;\n', 'ALTER TABLE users ADD COLUMN b TEXT;\n');

  it('--dry-run shows the header diff and writes nothing', () => {
    const dir = branches();
    const before = readFileSync(join(dir, 'versions', 'b00000000000_rev.sql'), 'utf8');
    const r = strata(dir, ['rebase', 'b000', '--onto', 'a000', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        "would rebase 1 revision of b00000000000's branch onto a00000000000",
        '--- versions/b00000000000_rev.sql'.replace('versions/', `${relativeVersions(dir)}/`),
        '+++ versions/b00000000000_rev.sql'.replace('versions/', `${relativeVersions(dir)}/`),
        ' -- strata:revision b00000000000',
        '--- strata:parents f00000000000',
        '+-- strata:parents a00000000000',
        ' -- strata:message revision b00000000000',
        ' -- strata:created 2026-01-01T00:00:02Z',
        '',
      ].join('\n'),
    );
    expect(readFileSync(join(dir, 'versions', 'b00000000000_rev.sql'), 'utf8')).toBe(before);
  });

  it('re-parents the branch: one head, only the parents line changed', () => {
    const dir = branches();
    const before = readFileSync(join(dir, 'versions', 'b00000000000_rev.sql'), 'utf8');
    const r = strata(dir, ['rebase', 'b00000000000', '--onto', 'a00000000000']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'versions', 'b00000000000_rev.sql'), 'utf8')).toBe(
      before.replace('-- strata:parents f00000000000', '-- strata:parents a00000000000'),
    );
    expect(JSON.parse(strata(dir, ['heads', '--json']).stdout)).toMatchObject([{ revision: 'b00000000000' }]);
    expect(strata(dir, ['upgrade', 'head']).code).toBe(0);
  });

  it('refuses when the database has applied the branch', () => {
    const dir = branches();
    expect(strata(dir, ['upgrade', 'b00000000000']).code).toBe(0);
    const r = strata(dir, ['rebase', 'b00000000000', '--onto', 'a00000000000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        "cannot linearize: sqlite:.*dev\\.sqlite has applied b00000000000 of b00000000000's branch; " +
          'create a merge revision instead',
      ),
    );
    // The other branch is not applied there: it can move.
    expect(strata(dir, ['rebase', 'a00000000000', '--onto', 'b00000000000']).code).toBe(0);
  });

  it('refuses when a branch label would move onto the other branch', () => {
    const dir = twoBranches('ALTER TABLE users ADD COLUMN a TEXT;\n', 'ALTER TABLE users ADD COLUMN b TEXT;\n', {
      a: { labels: ['feature'] },
    });
    const r = strata(dir, ['rebase', 'b00000000000', '--onto', 'a00000000000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        'cannot linearize: linearizing would change the branch labels of 1 revision \\(f00000000000: ' +
          '\\[\\] → \\[feature\\]\\); create a merge revision instead',
      ),
    );
  });
});

function relativeVersions(dir: string): string {
  return join(dir, 'versions').replace(`${process.cwd()}/`, '');
}

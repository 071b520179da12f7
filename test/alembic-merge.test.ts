// `strata merge` on an Alembic project writes a module in alembic's own shape: from the
// project's script.py.mako through the user's alembic, or, where the project has no template,
// the text alembic's default template renders. Real `alembic heads` / `history` read it
// afterwards and see one head with both parents
// (it carries the label `other` one branch brings, as alembic's merges do).
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alembic, alembicCommand, alembicInit, driveAlembic, setIni, strata } from './support/alembic.ts';

/** A project with two heads: a1 ← a2 on one branch, b1 (labelled `other`) on a second base. */
function twoHeads(): string {
  const dir = alembicInit();
  setIni(dir, { 'sqlalchemy.url': 'sqlite:///app.db' });
  const made = driveAlembic(
    join(dir, 'alembic.ini'),
    [
      ['revision', '-m', 'first', '--rev-id', 'a1'],
      ['revision', '-m', 'second', '--rev-id', 'a2'],
      ['revision', '-m', 'other base', '--rev-id', 'b1', '--head', 'base', '--branch-label', 'other'],
    ],
    { dump: false },
  );
  expect(made.failures).toEqual([]);
  writeFileSync(join(dir, 'strata.alembic.json'), JSON.stringify({ command: alembicCommand() }));
  return dir;
}

const versions = (dir: string): string => join(dir, 'migrations', 'versions');

/** The merge module without its create date, which is the clock's. */
const undated = (text: string): string => text.replace(/^Create Date: .*$/m, 'Create Date: <now>');

describe('strata merge on an Alembic project', () => {
  it('writes the merge through the project template; alembic sees one head with both parents', async () => {
    const dir = twoHeads();
    const out = await strata(['--project', dir, 'merge', 'heads', '-m', 'join the branches', '--json'], dir);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const written = JSON.parse(out.stdout) as { revision: string; file: string; parents: string[] };
    expect(written.parents.sort()).toEqual(['a2', 'b1']);
    expect(basename(written.file)).toBe(`${written.revision}_join_the_branches.py`);
    expect(readFileSync(written.file, 'utf8')).toMatch(/^down_revision = \('(a2|b1)', '(a2|b1)'\)$/m);

    const heads = alembic(dir, ['heads']);
    expect(heads.code).toBe(0);
    expect(heads.stdout.trim()).toBe(`${written.revision} (other) (head)`);
    const history = alembic(dir, ['history']);
    expect(history.stdout).toMatch(
      new RegExp(
        `^(a2, b1|b1, a2) -> ${written.revision} \\(other\\) \\(head\\) \\(mergepoint\\), join the branches$`,
        'm',
      ),
    );
    // and strata reads back what it wrote
    const mine = await strata(['--project', dir, 'heads', '--json'], dir);
    expect((JSON.parse(mine.stdout) as { revision: string }[]).map((h) => h.revision)).toEqual([written.revision]);
  });

  it("without a script.py.mako, writes what alembic's default template renders, byte for byte", async () => {
    const dir = twoHeads();
    const template = join(dir, 'migrations', 'script.py.mako');
    const mako = readFileSync(template, 'utf8');
    rmSync(template);
    const out = await strata(
      ['--project', dir, 'merge', 'a2', 'b1', '-m', 'join the two heads, a rather long message', '--json'],
      dir,
    );
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const mine = JSON.parse(out.stdout) as { revision: string; file: string };
    const heads = alembic(dir, ['heads']);
    expect(heads.stdout.trim()).toBe(`${mine.revision} (other) (head)`);
    expect(alembic(dir, ['history']).stdout).toContain(
      `a2, b1 -> ${mine.revision} (other) (head) (mergepoint), join the two heads, a rather long message`,
    );
    // alembic itself, with its default template back, merging the same heads under the same id
    const file = readFileSync(mine.file, 'utf8');
    rmSync(mine.file);
    writeFileSync(template, mako);
    const theirs = alembic(dir, [
      'merge',
      '-m',
      'join the two heads, a rather long message',
      '--rev-id',
      mine.revision,
      'a2',
      'b1',
    ]);
    expect(theirs.code).toBe(0);
    const name = readdirSync(versions(dir)).find((f) => f.startsWith(`${mine.revision}_`)) as string;
    expect(name).toBe(basename(mine.file));
    expect(undated(file)).toBe(undated(readFileSync(join(versions(dir), name), 'utf8')));
  });

  it("names the module as alembic merge does with the project's file_template and truncate_slug_length", async () => {
    const dir = twoHeads();
    setIni(dir, {
      file_template: '%%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d-%%(rev)s_%%(slug)s',
      truncate_slug_length: '12',
    });
    const template = join(dir, 'migrations', 'script.py.mako');
    const mako = readFileSync(template, 'utf8');
    rmSync(template);
    const message = 'join the two heads, a rather long message';
    const out = await strata(['--project', dir, 'merge', 'a2', 'b1', '-m', message, '--json'], dir);
    expect(out.stderr).toBe('');
    const mine = JSON.parse(out.stdout) as { revision: string; file: string };
    rmSync(mine.file);
    writeFileSync(template, mako);
    expect(alembic(dir, ['merge', '-m', message, '--rev-id', mine.revision, 'a2', 'b1']).code).toBe(0);
    const theirs = readdirSync(versions(dir)).find((f) => f.includes(`-${mine.revision}_`)) as string;
    // the same shape: only the clock's minutes may differ between the two writes
    const shape = /^\d{4}_\d{2}_\d{2}_\d{4}-/;
    expect(theirs).toMatch(shape);
    expect(basename(mine.file)).toMatch(shape);
    expect(basename(mine.file).replace(shape, '')).toBe(theirs.replace(shape, ''));
    expect(theirs.replace(shape, '')).toBe(`${mine.revision}_join_the_.py`);
    const minutes = (name: string): number => {
      const [, y, mo, d, h, mi] = /^(\d{4})_(\d{2})_(\d{2})_(\d{2})(\d{2})/.exec(name) as unknown as string[];
      return new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi)).getTime() / 60_000;
    };
    expect(Math.abs(minutes(theirs) - minutes(basename(mine.file)))).toBeLessThanOrEqual(2);
  });

  it('refuses what alembic would refuse, writing nothing', async () => {
    const dir = twoHeads();
    const before = readdirSync(versions(dir)).sort();
    const notHead = await strata(['--project', dir, 'merge', 'a1', 'b1', '-m', 'no'], dir);
    expect(notHead.code).not.toBe(0);
    expect(notHead.stderr).toContain('only heads can be merged; a1 is not');
    const reconcile = join(dir, 'fix.sql');
    writeFileSync(reconcile, 'ALTER TABLE t ADD COLUMN c int;\n');
    const withSql = await strata(
      ['--project', dir, 'merge', 'heads', '-m', 'no', '--allow-conflicts', '--reconcile', reconcile],
      dir,
    );
    expect(withSql.code).not.toBe(0);
    expect(withSql.stderr).toContain('add op.execute(...) calls');
    expect(readdirSync(versions(dir)).sort()).toEqual(before);
  });
});

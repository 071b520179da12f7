// Whatever sits in a project's place of a file becomes a problem naming it: a folder named
// x.sql, a broken or looping link, a device, `versions` being a file, bytes that are not
// UTF-8. With the load cache and without (the cache stats files before anything else).
// Pipes are in electron/cli/input.test.ts, in a child process: a regression would hang.
import { copyFileSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { asRevisionId } from '../../../shared/model/revision.ts';
import { chain, writeProject } from '../../../test/support/projects.ts';
import { ProjectLoadError, type ProjectProblem } from './errors.ts';
import { loadProject, readConfig } from './project.ts';

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function project(): string {
  const dir = writeProject('sqlite', chain(3));
  temps.push(dir);
  return dir;
}

function problems(load: () => unknown): readonly ProjectProblem[] {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ProjectLoadError);
    return (error as ProjectLoadError).problems;
  }
  throw new Error('expected the project to be refused');
}

const FIRST = 'c00000000000_rev.sql';

describe.each([true, false])('a load (cache %s) names what is not a readable revision file', (cache) => {
  const refused = (dir: string, name: string): ProjectProblem => {
    const [p, ...rest] = problems(() => loadProject(dir, { cache }));
    expect(rest).toEqual([]);
    expect(p?.file).toMatch(new RegExp(`versions/${name.replace('.', '\\.')}$`));
    return p as ProjectProblem;
  };

  it('a folder named like a revision', () => {
    const dir = project();
    loadProject(dir, { cache });
    mkdirSync(join(dir, 'versions', 'x.sql'));
    const p = problems(() => loadProject(dir, { cache }))[0];
    expect(p).toMatchObject({ line: 0, message: 'is a folder, not a regular file' });
    expect(p?.file).toMatch(/versions\/x\.sql$/);
  });

  it('a revision replaced by a folder after it was cached', () => {
    const dir = project();
    loadProject(dir, { cache });
    loadProject(dir, { cache });
    rmSync(join(dir, 'versions', FIRST));
    mkdirSync(join(dir, 'versions', FIRST));
    expect(problems(() => loadProject(dir, { cache }))[0]).toMatchObject({
      line: 0,
      message: 'is a folder, not a regular file',
    });
  });

  it('a broken symbolic link', () => {
    const dir = project();
    symlinkSync('gone.sql', join(dir, 'versions', 'y.sql'));
    expect(problems(() => loadProject(dir, { cache }))[0]).toMatchObject({
      line: 0,
      message: "is a symbolic link to 'gone.sql', which does not exist",
    });
  });

  it('a looping symbolic link', () => {
    const dir = project();
    symlinkSync('z.sql', join(dir, 'versions', 'z.sql'));
    expect(problems(() => loadProject(dir, { cache }))[0]).toMatchObject({
      line: 0,
      message: "is a symbolic link that loops (to 'z.sql')",
    });
  });

  it('a symbolic link to a device is never read', () => {
    const dir = project();
    symlinkSync('/dev/zero', join(dir, 'versions', 'd.sql'));
    expect(problems(() => loadProject(dir, { cache }))[0]).toMatchObject({
      line: 0,
      message: 'is a symbolic link to a device, not to a regular file',
    });
  });

  it('a symbolic link to a good revision file loads', () => {
    const dir = project();
    const outside = join(dir, 'elsewhere.sql');
    copyFileSync(join(dir, 'versions', FIRST), outside);
    rmSync(join(dir, 'versions', FIRST));
    symlinkSync(outside, join(dir, 'versions', FIRST));
    for (let i = 0; i < 2; i++) expect(loadProject(dir, { cache }).map.order).toHaveLength(3);
  });

  it('bytes that are not UTF-8, with their line', () => {
    const dir = project();
    loadProject(dir, { cache });
    const path = join(dir, 'versions', FIRST);
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.startsWith('INSERT'));
    const bytes = Buffer.concat([
      Buffer.from(lines.slice(0, at).join('\n') + "\nINSERT INTO t0 (id, v) VALUES (2, 'caf"),
      Buffer.from([0xe9]),
      Buffer.from("');\n" + lines.slice(at + 1).join('\n')),
    ]);
    writeFileSync(path, bytes);
    const p = refused(dir, FIRST);
    expect(p.line).toBe(at + 1);
    expect(p.message).toBe('bytes that are not UTF-8 (0xe9 at column 39); save the file as UTF-8');
  });

  it('a truncated multi-byte sequence at the very end', () => {
    const dir = project();
    loadProject(dir, { cache });
    const path = join(dir, 'versions', FIRST);
    writeFileSync(
      path,
      Buffer.concat([readFileSync(path), Buffer.from('-- \u00e9 fine\n-- '), Buffer.from([0xe2, 0x82])]),
    );
    const lineCount = readFileSync(path, 'latin1').split('\n').length;
    expect(refused(dir, FIRST)).toMatchObject({
      line: lineCount,
      message: 'bytes that are not UTF-8 (0xe2 at column 4); save the file as UTF-8',
    });
  });

  it('a real U+FFFD, well encoded, is text like any other', () => {
    const dir = project();
    const path = join(dir, 'versions', FIRST);
    writeFileSync(path, readFileSync(path, 'utf8').replace('VALUES (1, ', "VALUES (1, '\ufffd' || "));
    expect(loadProject(dir, { cache }).map.get(asRevisionId('c00000000000')).upgradeSql).toContain("'\ufffd' || 'x'");
  });

  it('a byte order mark is still accepted in a revision file', () => {
    const dir = project();
    const path = join(dir, 'versions', FIRST);
    writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(path)]));
    expect(loadProject(dir, { cache }).map.has('c00000000000')).toBe(true);
  });
});

describe('the project folder itself', () => {
  it('versions being a file is a problem naming it', () => {
    const dir = project();
    rmSync(join(dir, 'versions'), { recursive: true });
    writeFileSync(join(dir, 'versions'), '');
    const [p] = problems(() => loadProject(dir));
    expect(p).toMatchObject({ file: join(dir, 'versions'), line: 0 });
    expect(p?.message).toMatch(/^is a file, not a folder \(the versions folder named in .*strata\.json\)$/);
  });

  it('a strata.json folder or broken link is a problem naming it, not "no project"', () => {
    const dir = project();
    rmSync(join(dir, 'strata.json'));
    mkdirSync(join(dir, 'strata.json'));
    expect(problems(() => readConfig(dir))[0]).toEqual({
      file: join(dir, 'strata.json'),
      line: 0,
      message: 'is a folder, not a regular file',
    });
    rmSync(join(dir, 'strata.json'), { recursive: true });
    symlinkSync('nowhere.json', join(dir, 'strata.json'));
    expect(problems(() => readConfig(dir))[0]).toEqual({
      file: join(dir, 'strata.json'),
      line: 0,
      message: "is a symbolic link to 'nowhere.json', which does not exist",
    });
  });

  it('a byte order mark at the start of strata.json is accepted', () => {
    const dir = project();
    const path = join(dir, 'strata.json');
    writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(path)]));
    expect(readConfig(dir).dialect).toBe('sqlite');
    expect(loadProject(dir).map.order).toHaveLength(3);
  });

  it('strata.json that is not UTF-8 names its line', () => {
    const dir = project();
    const path = join(dir, 'strata.json');
    const text = readFileSync(path, 'utf8').replace('"strata_version"', '"strata_v\u0000"');
    writeFileSync(path, Buffer.from(text.replace('\u0000', '\u00ff'), 'latin1'));
    const [p] = problems(() => readConfig(dir));
    expect(p).toMatchObject({ file: path, line: text.split('\n').findIndex((l) => l.includes('strata_v')) + 1 });
    expect(p?.message).toMatch(/^bytes that are not UTF-8 \(0xff at column \d+\)/);
  });
});

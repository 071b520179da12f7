// Loading a project from disk: the sample loads; every broken project is refused with every
// problem located by file and line, so a person can go straight to it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeProject, type RevisionSpec } from '../../../test/support/projects.ts';
import { ProjectLoadError, ProjectNotFoundError, type ProjectProblem } from './errors.ts';
import { loadProject, readConfig } from './project.ts';
import { parseStrataConfig } from './strata-config.ts';

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function project(revisions: readonly RevisionSpec[]): string {
  const dir = writeProject('sqlite', revisions);
  temps.push(dir);
  return dir;
}

function emptyDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'strata-project-test-'));
  temps.push(dir);
  return dir;
}

function loadProblems(dir: string): readonly ProjectProblem[] {
  try {
    loadProject(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(ProjectLoadError);
    return (error as ProjectLoadError).problems;
  }
  throw new Error(`expected ${dir} to be refused`);
}

const file = (dir: string, id: string): string => join(dir, 'versions', `${id}_rev.sql`);

describe('loadProject on the samples', () => {
  it('loads the 31-revision SQLite sample with its two heads', () => {
    const { map, config, paths: files } = loadProject('migrations-sample');
    expect(config.dialect).toBe('sqlite');
    expect(map.byId.size).toBe(31);
    expect(files.size).toBe(31);
    expect(map.order).toHaveLength(31);
    expect([...map.heads].sort()).toEqual(['0874aef793be', '6889de750fdb']);
    expect(map.bases).toEqual(['3550b5f2509d']);
    expect(map.labels.get('billing')).toBe('af6de9a11ca9');
    expect(map.labels.get('audit')).toBe('20e95d6662d1');
    expect(map.get('e45df46a870b' as never).parents).toEqual(['3e5755fbda8c', 'ef1a2e082c82']);
    expect(map.get('b6bb1487d551' as never).dependsOn).toEqual(['70bfb27aeceb']);
  });

  it('records where each revision came from', () => {
    const { map } = loadProject('migrations-sample');
    const merge = map.get('e45df46a870b' as never);
    expect(merge.file).toBe(join('migrations-sample', 'versions', 'e45df46a870b_merge_billing_into_main.sql'));
    expect(merge.lines).toEqual({ revision: 1, parents: 2, dependsOn: 1, branchLabels: 1 });
    expect(merge.upgradeLine).toBe(7);
    expect(merge.downgradeLine).toBe(10);
    expect(merge.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('loads the 14-revision PostgreSQL sample, a straight line', () => {
    const { map, config } = loadProject('migrations-sample/postgres');
    expect(config.dialect).toBe('postgres');
    expect(map.byId.size).toBe(14);
    expect(map.heads).toEqual(['b48fe3490ac0']);
    expect(map.bases).toEqual(['8329d88932b2']);
    expect(map.get('3428ba94bff7' as never).transactional).toBe(false);
  });
});

describe('broken revision graphs', () => {
  it('duplicate ids across two files name both files', () => {
    const dir = project([{ id: 'aaaa00000001', up: 'SELECT 1;\n' }]);
    writeFileSync(
      join(dir, 'versions', 'zz_copy.sql'),
      '-- strata:message a copy\n-- strata:revision aaaa00000001\n-- strata:upgrade\nSELECT 2;\n',
    );
    const problems = loadProblems(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: join(dir, 'versions', 'zz_copy.sql'), line: 2 });
    expect(problems[0]?.message).toContain('aaaa00000001');
    expect(problems[0]?.message).toContain(`${file(dir, 'aaaa00000001')}:1`);
  });

  it('unknown parent, at the parents line', () => {
    const dir = project([
      { id: 'aaaa00000001', up: 'SELECT 1;\n' },
      { id: 'bbbb00000002', parents: ['aaaa00000001', 'zzzz99999999'], up: 'SELECT 1;\n' },
    ]);
    expect(loadProblems(dir)).toEqual([
      {
        code: 'unknown-parent',
        file: file(dir, 'bbbb00000002'),
        line: 2,
        message: expect.stringContaining('zzzz99999999'),
      },
    ]);
  });

  it('unknown depends-on, at the depends-on line', () => {
    const dir = project([
      { id: 'aaaa00000001', up: 'SELECT 1;\n' },
      { id: 'bbbb00000002', parents: ['aaaa00000001'], dependsOn: ['cccc00000404'], up: 'SELECT 1;\n' },
    ]);
    const problems = loadProblems(dir);
    expect(problems).toEqual([
      {
        code: 'unknown-dependency',
        file: file(dir, 'bbbb00000002'),
        line: 3,
        message: expect.stringContaining('cccc00000404'),
      },
    ]);
    expect(problems[0]?.message).toContain('depends-on');
  });

  it('duplicate branch label, at the second declaration, naming the first', () => {
    const dir = project([
      { id: 'aaaa00000001', labels: ['net'], up: 'SELECT 1;\n' },
      { id: 'bbbb00000002', parents: ['aaaa00000001'], labels: ['other', 'net'], up: 'SELECT 1;\n' },
    ]);
    const problems = loadProblems(dir);
    expect(problems).toEqual([
      { code: 'duplicate-label', file: file(dir, 'bbbb00000002'), line: 3, message: expect.stringContaining("'net'") },
    ]);
    expect(problems[0]?.message).toContain('aaaa00000001');
  });

  it('a cycle a→b→c→a lists all three members and says cycle', () => {
    const dir = project([
      { id: 'aaaa00000001', parents: ['cccc00000003'], up: 'SELECT 1;\n' },
      { id: 'bbbb00000002', parents: ['aaaa00000001'], up: 'SELECT 1;\n' },
      { id: 'cccc00000003', parents: ['bbbb00000002'], up: 'SELECT 1;\n' },
    ]);
    const problems = loadProblems(dir);
    expect(problems).toHaveLength(1);
    const [cycle] = problems;
    expect(cycle?.message).toMatch(/cycle/i);
    for (const id of ['aaaa00000001', 'bbbb00000002', 'cccc00000003']) expect(cycle?.message).toContain(id);
    expect([file(dir, 'aaaa00000001'), file(dir, 'bbbb00000002'), file(dir, 'cccc00000003')]).toContain(cycle?.file);
    expect(cycle?.line).toBe(2);
  });

  it('a cycle hanging off a valid chain lists only its members', () => {
    const dir = project([
      { id: 'aaaa00000001', up: 'SELECT 1;\n' },
      { id: 'bbbb00000002', parents: ['aaaa00000001'], up: 'SELECT 1;\n' },
      { id: 'cccc00000003', parents: ['bbbb00000002', 'dddd00000004'], up: 'SELECT 1;\n' },
      { id: 'dddd00000004', parents: ['cccc00000003'], up: 'SELECT 1;\n' },
      { id: 'eeee00000005', parents: ['dddd00000004'], up: 'SELECT 1;\n' },
    ]);
    const problems = loadProblems(dir);
    expect(problems).toHaveLength(1);
    const message = problems[0]?.message ?? '';
    expect(message).toMatch(/cycle/i);
    expect(message).toContain('cccc00000003');
    expect(message).toContain('dddd00000004');
    for (const outside of ['aaaa00000001', 'bbbb00000002', 'eeee00000005']) expect(message).not.toContain(outside);
  });

  it('a self-loop and a cycle through depends-on are cycles too', () => {
    const self = project([{ id: 'aaaa00000001', parents: ['aaaa00000001'], up: 'SELECT 1;\n' }]);
    expect(loadProblems(self)).toEqual([
      expect.objectContaining({ code: 'cycle', message: expect.stringContaining('aaaa00000001') }),
    ]);
    const viaDependency = project([
      { id: 'aaaa00000001', dependsOn: ['bbbb00000002'], up: 'SELECT 1;\n' },
      { id: 'bbbb00000002', parents: ['aaaa00000001'], up: 'SELECT 1;\n' },
    ]);
    const [problem] = loadProblems(viaDependency);
    expect(problem).toMatchObject({ code: 'cycle' });
    expect(problem?.message).toContain('aaaa00000001');
    expect(problem?.message).toContain('bbbb00000002');
  });

  it('reports every broken file at once, each with its line', () => {
    const dir = project([{ id: 'aaaa00000001', up: 'SELECT 1;\n' }]);
    writeFileSync(
      join(dir, 'versions', 'b_broken.sql'),
      '-- strata:revision bbbb00000002\n-- strata:transactional sometimes\n-- strata:upgrade\n',
    );
    writeFileSync(join(dir, 'versions', 'c_broken.sql'), '-- strata:revision cccc00000003\n-- strata:foo\n');
    writeFileSync(join(dir, 'versions', 'notes.txt'), 'not a revision');
    const problems = loadProblems(dir);
    expect(problems.map((p) => [p.file, p.line])).toEqual([
      [join(dir, 'versions', 'b_broken.sql'), 2],
      [join(dir, 'versions', 'c_broken.sql'), 2],
      [join(dir, 'versions', 'c_broken.sql'), 2],
    ]);
  });

  it('a missing versions folder is named', () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'strata.json'), '{ "dialect": "sqlite", "versions": "migrations" }\n');
    expect(loadProblems(dir)).toEqual([
      { file: join(dir, 'strata.json'), line: 1, message: expect.stringContaining("'migrations'") },
    ]);
  });

  it('a folder without strata.json is not a project', () => {
    expect(() => loadProject(emptyDir())).toThrow(ProjectNotFoundError);
  });

  it('an empty versions folder is an empty project', () => {
    const dir = emptyDir();
    mkdirSync(join(dir, 'versions'));
    writeFileSync(join(dir, 'strata.json'), '{ "dialect": "postgres" }\n');
    const { map, config } = loadProject(dir);
    expect(map.byId.size).toBe(0);
    expect(map.heads).toEqual([]);
    expect(config).toEqual({ dialect: 'postgres', versions: 'versions', versionTable: 'strata_version' });
  });
});

describe('strata.json problems', () => {
  function configProblems(text: string): readonly ProjectProblem[] {
    const result = parseStrataConfig(text, 'strata.json');
    if (result.ok) throw new Error('expected strata.json to be refused');
    return result.problems;
  }

  it('invalid JSON names the line', () => {
    const problems = configProblems('{\n  "dialect": "sqlite",\n  "versions": "versions"\n  "versionTable": "v"\n}\n');
    expect(problems).toEqual([{ file: 'strata.json', line: 4, message: expect.stringContaining('not valid JSON') }]);
    expect(configProblems('{\n  "dialect": "sqlite",\n}\n')).toEqual([expect.objectContaining({ line: 3 })]);
  });

  it('a shadow database URL is kept, and refused with a password in it (strata.json holds no secrets)', () => {
    const good = parseStrataConfig(
      '{\n  "dialect": "postgres",\n  "shadowUrl": "postgres://app@db.internal/shadow"\n}\n',
      'strata.json',
    );
    expect(good).toMatchObject({ ok: true, config: { shadowUrl: 'postgres://app@db.internal/shadow' } });
    const secret = configProblems(
      '{\n  "dialect": "postgres",\n  "shadowUrl": "postgres://app:hunter2@db.internal/shadow"\n}\n',
    );
    expect(secret).toEqual([{ file: 'strata.json', line: 3, message: expect.stringContaining('without a password') }]);
    expect(configProblems('{\n  "dialect": "postgres",\n  "shadowUrl": "shadow.sqlite"\n}\n')).toEqual([
      expect.objectContaining({ line: 3 }),
    ]);
  });

  it('unknown key names the key and its line', () => {
    const problems = configProblems(
      '{\n  "dialect": "sqlite",\n  "versions": "versions",\n  "versionTabel": "strata_version"\n}\n',
    );
    expect(problems).toEqual([{ file: 'strata.json', line: 4, message: expect.stringContaining('versionTabel') }]);
  });

  it('bad dialect names the key, its line and the choices', () => {
    const problems = configProblems('{\n  "versions": "versions",\n  "dialect": "mysql"\n}\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.line).toBe(3);
    expect(problems[0]?.message).toContain("'dialect'");
    expect(problems[0]?.message).toMatch(/sqlite/);
    expect(problems[0]?.message).toMatch(/postgres/);
    expect(configProblems('{\n  "versions": "versions"\n}\n')).toEqual([
      expect.objectContaining({ line: 1, message: expect.stringContaining("'dialect'") }),
    ]);
  });

  it('a nested key is located at the key, not at a value spelled the same', () => {
    const problems = configProblems(
      '{\n  "dialect": "sqlite",\n  "versions": "versions",\n  "defaultConnection": {\n    "sqlite": ""\n  }\n}\n',
    );
    expect(problems).toEqual([
      { file: 'strata.json', line: 5, message: expect.stringContaining("'defaultConnection.sqlite'") },
    ]);
  });

  it('the version table must be a plain identifier', () => {
    const problems = configProblems('{\n  "dialect": "sqlite",\n  "versionTable": "strata version; DROP TABLE x"\n}\n');
    expect(problems).toEqual([{ file: 'strata.json', line: 3, message: expect.stringContaining('identifier') }]);
  });

  it('loadProject refuses a broken strata.json with its path', () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'strata.json'), '{\n  "dialect": "oracle"\n}\n');
    expect(() => readConfig(dir)).toThrow(ProjectLoadError);
    expect(loadProblems(dir)).toEqual([expect.objectContaining({ file: join(dir, 'strata.json'), line: 2 })]);
  });

  it('the sample configurations are valid', () => {
    expect(readConfig('migrations-sample')).toMatchObject({
      dialect: 'sqlite',
      versions: 'versions',
      schema: 'schema.sql',
      versionTable: 'strata_version',
      defaultConnection: { sqlite: 'dev.sqlite' },
    });
    expect(readConfig('migrations-sample/postgres')).toMatchObject({ dialect: 'postgres' });
  });
});

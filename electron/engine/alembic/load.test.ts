// Finding and loading an Alembic project without Python: alembic.ini and pyproject.toml
// settings (interpolation, separators old and new, the inline-comment trap), broken and
// computed modules reported per file while the rest loads, declared values, and ids strata's
// own format would refuse.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectLoadError } from '../project/errors.ts';
import { readAlembicConfig } from './config.ts';
import { strataUrlOf } from './environment.ts';
import { loadAlembicProject } from './load.ts';

function module(id: string, down: string, extra = ''): string {
  return (
    `"""message of ${id}\n\nRevision ID: ${id}\nRevises: \n` +
    `Create Date: 2026-01-01 00:00:00.000000\n\n"""\nfrom alembic import op\n\n` +
    `revision = '${id}'\ndown_revision = ${down}\n${extra}\n\ndef upgrade():\n    pass\n`
  );
}

function project(ini: string, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'strata-alembic-unit-'));
  writeFileSync(join(dir, 'alembic.ini'), ini);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  mkdirSync(join(dir, 'migrations', 'versions'), { recursive: true });
  return dir;
}

const INI =
  '[alembic]\nscript_location = %(here)s/migrations\n' +
  'sqlalchemy.url = postgresql+psycopg2://app:secret@db.example/app\n';

function loadError(dir: string): ProjectLoadError {
  try {
    loadAlembicProject(dir);
  } catch (error) {
    if (error instanceof ProjectLoadError) return error;
    throw error;
  }
  throw new Error('expected the load to fail');
}

describe('configuration', () => {
  it(
    'reads script_location with %(here)s, continuation lines and a [DEFAULT] ' +
      'value; the URL stays behind a function',
    () => {
      const dir = project(
        '[DEFAULT]\nroot = %(here)s\n\n[alembic]\n; a comment\n' +
          'script_location = %(root)s/migrations\nversion_locations =\n    %(here)s/a\n' +
          '    %(here)s/b\nversion_path_separator = newline\nsqlalchemy.url = sqlite:///app.db\n',
        {},
      );
      const config = readAlembicConfig(dir);
      expect(config.scriptLocation).toBe(join(dir, 'migrations'));
      expect(config.versionLocations).toEqual([join(dir, 'a'), join(dir, 'b')]);
      expect(config.sqlalchemyUrl()).toBe('sqlite:///app.db');
      expect(JSON.stringify(config)).not.toContain('app.db');
    },
  );

  it('path_separator (Alembic 1.16) wins over version_path_separator', () => {
    const dir = project(
      '[alembic]\nscript_location = migrations\nversion_locations = a;b\n' +
        'path_separator = ;\nversion_path_separator = space\n',
      {},
    );
    expect(readAlembicConfig(dir).versionLocations).toEqual([join(dir, 'a'), join(dir, 'b')]);
  });

  it("the template's inline comment on the separator is named with its line, not a traceback", () => {
    const dir = project(
      '[alembic]\nscript_location = migrations\nversion_locations = a:b\n' +
        'version_path_separator = os  # Use os.pathsep.\n',
      {},
    );
    expect(() => readAlembicConfig(dir)).toThrow(
      /alembic\.ini:4: .*not one of space, newline, os.*inline comment is part of the value/s,
    );
  });

  it('pyproject.toml [tool.alembic] (1.16): script_location and a list of version locations', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-alembic-unit-'));
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(
      join(dir, 'pyproject.toml'),
      '[project]\nname = "x"\n\n[tool.alembic]\nscript_location = "%(here)s/migrations"\nversion_locations = [\n' +
        '  "%(here)s/migrations/versions",  # main\n  \'extra\',\n]\nrecursive_version_locations = true\n',
    );
    const config = readAlembicConfig(dir);
    expect(config.configFile).toBe(join(dir, 'pyproject.toml'));
    expect(config.versionLocations).toEqual([join(dir, 'migrations/versions'), join(dir, 'extra')]);
    expect(config.recursive).toBe(true);
  });

  it('a missing script folder and a package resource that is not beside the ini are named', () => {
    expect(() => readAlembicConfig(project('[alembic]\nscript_location = nowhere\n', {}))).toThrow(
      /alembic\.ini:2: script_location 'nowhere' is not a folder/,
    );
    expect(() => readAlembicConfig(project('[alembic]\nscript_location = myapp:migrations\n', {}))).toThrow(
      /names a Python package resource/,
    );
  });

  it('SQLAlchemy URLs become the URLs strata opens', () => {
    expect(strataUrlOf('postgresql+psycopg2://u:p@h:5432/db')).toBe('postgres://u:p@h:5432/db');
    expect(strataUrlOf('sqlite:///rel/app.db')).toBe('rel/app.db');
    expect(strataUrlOf('sqlite:////abs/app.db')).toBe('/abs/app.db');
    expect(strataUrlOf('driver://user:pass@localhost/dbname')).toBeUndefined();
    expect(strataUrlOf('sqlite:///:memory:')).toBeUndefined();
  });
});

describe('loading revisions', () => {
  it(
    'a module that does not parse is a problem with its file and line; ' +
      'the rest loads, and what needs it is left out and said so',
    () => {
      const dir = project(INI, {
        'migrations/versions/a_ok.py': module('a1', 'None'),
        'migrations/versions/b_broken.py': "revision = 'b1'\ndown_revision = ('a1',\n",
        'migrations/versions/c_child.py': module('c1', "'b1'"),
        'migrations/versions/d_ok.py': module('d1', "'a1'"),
      });
      const p = loadAlembicProject(dir);
      expect([...p.map.byId.keys()].sort()).toEqual(['a1', 'd1']);
      expect(p.warnings).toEqual([
        expect.objectContaining({
          file: expect.stringMatching(/b_broken\.py$/),
          line: 2,
          message: expect.stringMatching(/was never closed/),
        }),
        expect.objectContaining({
          file: expect.stringMatching(/c_child\.py$/),
          message: expect.stringMatching(/left out: it needs b1/),
        }),
      ]);
    },
  );

  it('a computed label is reported per file, and a value declared in strata.alembic.json is used instead', () => {
    const files = {
      'migrations/versions/a.py': module('a1', 'None', 'from myapp.labels import SHARED\nbranch_labels = (SHARED,)'),
      'migrations/versions/b.py': module('b1', "'a1'"),
    };
    const dir = project(INI, files);
    const first = loadAlembicProject(dir);
    expect(first.map.labelsOf(first.map.heads[0] as never)).toEqual([]);
    expect(first.warnings).toEqual([
      expect.objectContaining({
        line: 13,
        message: expect.stringMatching(
          /branch_labels is computed \(\(SHARED,\)\).*strata\.alembic\.json.*"migrations\/versions\/a\.py"/,
        ),
      }),
    ]);
    writeFileSync(
      join(dir, 'strata.alembic.json'),
      JSON.stringify({ declare: { 'migrations/versions/a.py': { branch_labels: ['shared'] } } }),
    );
    const second = loadAlembicProject(dir);
    expect(second.warnings).toEqual([]);
    expect(second.map.labelsOf(second.map.heads[0] as never)).toEqual(['shared']);
  });

  it('a computed revision id leaves the module out until it is declared', () => {
    const dir = project(INI, { 'migrations/versions/a.py': 'from x import ID\nrevision = ID\ndown_revision = None\n' });
    const p = loadAlembicProject(dir);
    expect(p.map.byId.size).toBe(0);
    expect(p.warnings?.[0]?.message).toMatch(/revision is computed \(ID\).*left out until then/);
  });

  it("ids strata's own files would refuse load as Alembic takes them; its illegal characters are named", () => {
    const dir = project(INI, {
      'migrations/versions/a.py': module('Kilo.Base:1', 'None'),
      'migrations/versions/b.py': module('6f8a4c0d2e3g', "'Kilo.Base:1'"),
      'migrations/versions/c.py': module('ab-cd', "'6f8a4c0d2e3g'"),
    });
    const p = loadAlembicProject(dir);
    expect(p.map.heads).toEqual(['6f8a4c0d2e3g']);
    expect(p.warnings?.[0]?.message).toBe("Character(s) '-' not allowed in revision identifier 'ab-cd'");
  });

  it('files Alembic does not list are passed over: __init__.py, editor locks, other extensions, __pycache__', () => {
    const dir = project(INI, {
      'migrations/versions/__init__.py': 'x = (',
      'migrations/versions/.#a.py': 'x = (',
      'migrations/versions/notes.txt': 'x = (',
      'migrations/versions/__pycache__/a.cpython-311.pyc': '',
      'migrations/versions/a.py': module('a1', 'None'),
    });
    expect([...loadAlembicProject(dir).map.byId.keys()]).toEqual(['a1']);
  });

  it('graph defects are errors with their file and line, as for native projects', () => {
    const dir = project(INI, {
      'migrations/versions/a.py': module('a1', "'zzzz'"),
      'migrations/versions/b.py': module('b1', 'None'),
    });
    expect(loadError(dir).problems).toEqual([
      expect.objectContaining({ line: 11, message: 'parent zzzz of a1 does not exist' }),
    ]);
  });

  it('recursive_version_locations reads subfolders', () => {
    const ini = INI + 'recursive_version_locations = true\n';
    const dir = project(ini, {
      'migrations/versions/2026/a.py': module('a1', 'None'),
      'migrations/versions/2027/q1/b.py': module('b1', "'a1'"),
    });
    expect(loadAlembicProject(dir).map.heads).toEqual(['b1']);
    const flat = project(INI, { 'migrations/versions/2026/a.py': module('a1', 'None') });
    expect(loadAlembicProject(flat).map.byId.size).toBe(0);
  });

  it('the version table comes from env.py, else alembic_version; the dialect from the URL', () => {
    const dir = project(INI, {
      'migrations/env.py': 'context.configure(\n    connection=connection,\n    version_table="my_versions",\n)\n',
    });
    const p = loadAlembicProject(dir);
    expect(p.config.versionTable).toBe('my_versions');
    expect(p.config.dialect).toBe('postgres');
    expect(JSON.stringify(p.config)).not.toContain('secret');
  });
});

// `strata --project <alembic dir>` against `alembic` itself on the same generated project:
// heads and history list the same revisions, parents, branch labels, depends-on and head /
// branch point / merge point marks; current reads alembic_version (several rows, several
// heads); show names the module. Nothing strata does here writes to the database.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  alembic,
  alembicCommand,
  alembicInit,
  BRANCHY_GRAPH,
  driveAlembic,
  rev,
  setIni,
  strata,
  type AlembicDump,
} from './support/alembic.ts';

interface Summary {
  revision: string;
  message: string;
  parents: string[];
  dependsOn: string[];
  branchLabels: string[];
  isHead: boolean;
  isMergePoint: boolean;
  isBranchPoint: boolean;
}

interface AlembicLine {
  revision: string;
  parents: string[];
  dependsOn: string[];
  branchLabels: string[];
  flags: string[];
  message: string;
}

const FLAGS = ['head', 'effective head', 'branchpoint', 'mergepoint', 'current'];

/** One line of `alembic history` (`a, b (dep) -> rev (label) (head) (mergepoint), message`) or of `alembic heads`. */
function parseAlembicLine(text: string, withParents: boolean): AlembicLine {
  let rest = text;
  let parents: string[] = [];
  let dependsOn: string[] = [];
  if (withParents) {
    const arrow = rest.indexOf(' -> ');
    const left = rest.slice(0, arrow);
    rest = rest.slice(arrow + 4);
    const deps = /^(.*?) \((.*)\)$/.exec(left);
    const parentText = deps ? (deps[1] as string) : left;
    dependsOn = deps ? (deps[2] as string).split(', ') : [];
    parents = parentText === '<base>' ? [] : parentText.split(', ');
  }
  const comma = withParents ? rest.indexOf(', ') : -1;
  const head = comma < 0 ? rest : rest.slice(0, comma);
  const message = comma < 0 ? '' : rest.slice(comma + 2);
  const [revision, ...groups] = head.split(' (');
  const marks = groups.map((g) => g.replace(/\)$/, ''));
  return {
    revision: revision as string,
    parents,
    dependsOn,
    branchLabels: marks
      .filter((m) => !FLAGS.includes(m))
      .flatMap((m) => m.split(', '))
      .sort(),
    flags: marks.filter((m) => FLAGS.includes(m)).sort(),
    message,
  };
}

let dir: string;
let truth: AlembicDump;

beforeAll(() => {
  dir = alembicInit();
  setIni(dir, { 'sqlalchemy.url': 'sqlite:///app.db' });
  const made = driveAlembic(join(dir, 'alembic.ini'), [
    ...BRANCHY_GRAPH,
    rev('aud1', '--head', 'base', '--branch-label', 'audit', '--depends-on', 'networking'),
    rev('aud2', '--head', 'audit@head'),
  ]);
  expect(made.failures).toEqual([]);
  truth = made.dump as AlembicDump;
  writeFileSync(join(dir, 'strata.alembic.json'), JSON.stringify({ command: alembicCommand() }));
  const a2 = join(dir, 'migrations', 'versions', 'ae1027a6acf_message_of_ae1027a6acf.py');
  writeFileSync(
    a2,
    readFileSync(a2, 'utf8').replace(
      /def upgrade\(\) -> None:\n {4}pass/,
      "def upgrade() -> None:\n    op.create_table('account', sa.Column('id', sa.Integer, primary_key=True))\n" +
        "    op.create_index('account_id2', 'account', ['id'])",
    ),
  );
});

/** Depends-on as Alembic's loader resolves it (a label names the revision that declares it). */
function resolvedDeps(line: AlembicLine): string[] {
  return (truth.revisions[line.revision]?.dependsOn ?? []).slice().sort();
}

describe('strata reads an Alembic project as alembic does', () => {
  it('heads --json lists the heads `alembic heads` prints, with their labels', async () => {
    const out = await strata(['--project', dir, 'heads', '--json'], dir);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const mine = (JSON.parse(out.stdout) as Summary[]).map((s) => ({
      revision: s.revision,
      branchLabels: [...s.branchLabels].sort(),
    }));
    const theirs = alembic(dir, ['heads'])
      .stdout.trim()
      .split('\n')
      .map((l) => parseAlembicLine(l, false));
    expect(theirs.length).toBe(3);
    expect(mine.sort((a, b) => a.revision.localeCompare(b.revision))).toEqual(
      theirs
        .map((t) => ({ revision: t.revision, branchLabels: t.branchLabels }))
        .sort((a, b) => a.revision.localeCompare(b.revision)),
    );
  });

  it(
    'history --json lists every revision `alembic history` prints: ' +
      'parents in order, depends-on, labels, marks, message',
    async () => {
      const out = await strata(['--project', dir, 'history', '--json'], dir);
      expect(out.code).toBe(0);
      const mine = (JSON.parse(out.stdout) as Summary[]).map((s) => ({
        revision: s.revision,
        parents: s.parents,
        dependsOn: [...s.dependsOn].sort(),
        branchLabels: [...s.branchLabels].sort(),
        isHead: s.isHead,
        isBranchPoint: s.isBranchPoint,
        isMergePoint: s.isMergePoint,
        message: s.message,
      }));
      const lines = alembic(dir, ['history'])
        .stdout.trim()
        .split('\n')
        .map((l) => parseAlembicLine(l, true));
      const theirs = lines.map((t) => ({
        revision: t.revision,
        parents: t.parents,
        dependsOn: resolvedDeps(t),
        branchLabels: t.branchLabels,
        isHead: t.flags.includes('head') || t.flags.includes('effective head'),
        isBranchPoint: t.flags.includes('branchpoint'),
        isMergePoint: t.flags.includes('mergepoint'),
        message: t.message,
      }));
      const byId = (a: { revision: string }, b: { revision: string }): number => a.revision.localeCompare(b.revision);
      expect(mine.sort(byId)).toEqual(theirs.sort(byId));
      // the printed depends-on names resolve to what strata reports (aud1 names a label)
      expect(lines.find((l) => l.revision === 'aud1')?.dependsOn).toEqual(['networking']);
      expect(mine.find((m) => m.revision === 'aud1')?.dependsOn).toEqual(['net1']);
    },
  );

  it('history text marks what alembic marks', async () => {
    const out = await strata(['--project', dir, 'history'], dir);
    expect(out.stdout).toContain('ae1027a6acf, kilo, 6f8a4c0d2e3g -> m3 (main) (head) (mergepoint), three heads');
  });

  it('current reads alembic_version: one row per applied head, as alembic current prints', async () => {
    const empty = await strata(['--project', dir, 'current', '--json'], dir);
    expect(empty.code).toBe(0);
    expect((JSON.parse(empty.stdout) as { current: unknown[] }).current).toEqual([]);
    expect(alembic(dir, ['upgrade', 'main@head']).code).toBe(0);
    expect(alembic(dir, ['upgrade', 'net1']).code).toBe(0);
    const before = readFileSync(join(dir, 'app.db'));
    const out = await strata(['--project', dir, 'current', '--json'], dir);
    expect(out.code).toBe(0);
    const state = JSON.parse(out.stdout) as { current: Summary[]; atHeads: boolean; missingHeads: string[] };
    const theirs = alembic(dir, ['current'])
      .stdout.trim()
      .split('\n')
      .map((l) => parseAlembicLine(l, false).revision);
    expect(state.current.map((c) => c.revision).sort()).toEqual(theirs.sort());
    expect(theirs.sort()).toEqual(['m3', 'net1']);
    expect(state.atHeads).toBe(false);
    expect(state.missingHeads.sort()).toEqual(['aud2', 'net2']);
    // reading is all it did
    expect(readFileSync(join(dir, 'app.db')).equals(before)).toBe(true);
  });

  it('show names the revision, its labels, depends-on and module', async () => {
    const out = await strata(['--project', dir, 'show', 'aud1', '--json'], dir);
    expect(out.code).toBe(0);
    const shown = JSON.parse(out.stdout) as Summary & { file: string; children: string[] };
    expect(shown).toMatchObject({
      revision: 'aud1',
      parents: [],
      dependsOn: ['net1'],
      branchLabels: ['audit'],
      children: ['aud2'],
    });
    expect(shown.file).toMatch(/aud1_message_of_aud1\.py$/);
  });

  it("upgrade A:B --sql is what alembic prints for it; show and lint use each revision's offline SQL", async () => {
    const out = await strata(['--project', dir, 'upgrade', '1975ea83b712:ae1027a6acf', '--sql'], dir);
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(alembic(dir, ['upgrade', '1975ea83b712:ae1027a6acf', '--sql']).stdout);
    expect(out.stdout).toContain('CREATE INDEX account_id2 ON account (id);');
    const shown = await strata(['--project', dir, 'show', 'ae1027a6acf'], dir);
    expect(shown.stdout).toMatch(/-- upgrade\nCREATE TABLE account \(/);
    const lint = await strata(['--project', dir, 'lint', '--json'], dir);
    expect(lint.stdout).toMatch(/ae1027a6acf_message_of_ae1027a6acf\.py/);
  });

  // (a merge is written, in alembic's own shape: alembic-merge.test.ts)
  it('a revision strata writes or edits is refused: alembic writes its modules and its version table', async () => {
    const rows = (): string[] => alembic(dir, ['current']).stdout.trim().split('\n').sort();
    const before = rows();
    for (const args of [['revision', '-m', 'x']]) {
      const out = await strata(['--project', dir, ...args], dir);
      expect(out.code).not.toBe(0);
      expect(out.stderr).toMatch(/Alembic project .*alembic alone writes alembic_version/);
    }
    expect(rows()).toEqual(before);
  });

  it('upgrade, downgrade and stamp run through alembic itself, its output streamed', async () => {
    const up = await strata(['--project', dir, 'upgrade', 'net2'], dir);
    expect(up.code).toBe(0);
    expect(up.stderr).toMatch(/Running upgrade net1 -> net2/);
    const down = await strata(['--project', dir, 'downgrade', 'networking@-1'], dir);
    expect(down.code).toBe(0);
    expect(down.stderr).toMatch(/Running downgrade net2 -> net1/);
    const stamp = await strata(['--project', dir, 'stamp', 'aud1'], dir);
    expect(stamp.code).toBe(0);
    expect(
      alembic(dir, ['current'])
        .stdout.trim()
        .split('\n')
        .map((l) => parseAlembicLine(l, false).revision),
    ).toContain('aud1');
    const bad = await strata(['--project', dir, 'upgrade', 'nosuchrev'], dir);
    expect(bad.code).toBe(4);
    expect(bad.stderr).toMatch(/failed: Can't locate revision identified by 'nosuchrev'/);
  });

  it('finds the project from a folder below alembic.ini, and says so when a module cannot be read', async () => {
    const broken = join(dir, 'migrations', 'versions', 'zz_broken.py');
    writeFileSync(broken, "revision = 'zz'\ndown_revision = ('aud2',\n");
    try {
      const out = await strata(['heads', '--json'], join(dir, 'migrations'));
      expect(out.code).toBe(0);
      expect(out.stderr).toMatch(/warning: .*zz_broken\.py:2: Python syntax error: '\(' was never closed/);
      expect((JSON.parse(out.stdout) as Summary[]).map((s) => s.revision).sort()).toEqual(['aud2', 'm3', 'net2']);
    } finally {
      writeFileSync(broken, "revision = 'zz'\ndown_revision = 'aud2'\n");
    }
  });
});

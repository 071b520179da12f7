// The static reader against Alembic itself: projects made by the real `alembic revision` and
// `alembic merge` (branches, splices, 3-parent merges, several bases, branch labels on every
// kind of revision, depends-on by id and by label, several version locations in each
// separator style), and on every one the graph strata reads without Python equals the one
// Alembic's own loader builds: revisions, parents in order, resolved depends-on, propagated
// branch labels, messages, heads and bases.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RevisionId } from '../../../shared/model/revision.ts';
import { alembicInit, driveAlembic, setIni, type AlembicDump } from '../../../test/support/alembic.ts';
import { loadAlembicProject } from './load.ts';

type Argv = readonly string[];
const rev = (id: string, ...more: string[]): Argv => ['revision', '-m', `message of ${id}`, '--rev-id', id, ...more];

/** What strata reads, in the dump's shape. */
function strataView(dir: string): AlembicDump {
  const project = loadAlembicProject(dir);
  expect(project.warnings).toEqual([]);
  const { map } = project;
  const revisions: Record<string, AlembicDump['revisions'][string]> = {};
  for (const id of map.order) {
    const r = map.get(id);
    revisions[id] = {
      parents: [...r.parents],
      dependsOn: [...r.dependsOn].sort(),
      branchLabels: [...map.labelsOf(id as RevisionId)].sort(),
      message: r.message,
      path: (project.paths.get(id) as string).slice(dir.length + 1),
    };
  }
  return { heads: [...map.heads].sort(), bases: [...map.bases].sort(), revisions };
}

function agrees(dir: string, commands: readonly Argv[]): AlembicDump {
  const result = driveAlembic(join(dir, 'alembic.ini'), commands);
  expect(result.failures).toEqual([]);
  const truth = result.dump as AlembicDump;
  expect(strataView(dir)).toEqual(truth);
  return truth;
}

describe('the static reader agrees with Alembic on projects alembic generated', () => {
  it('branches by --splice, a 2-parent and a 3-parent merge, ids of any shape', () => {
    const dir = alembicInit();
    const truth = agrees(dir, [
      rev('1975ea83b712'),
      rev('ae1027a6acf'),
      rev('kilo', '--head', '1975ea83b712', '--splice'),
      rev('6f8a4c0d2e3g', '--head', '1975ea83b712', '--splice'),
      rev('Upper.Case_9', '--head', 'kilo'),
      ['merge', '-m', 'three heads', '--rev-id', 'm3', 'ae1027a6acf', 'Upper.Case_9', '6f8a4c0d2e3g'],
      rev('after1'),
      rev('side1', '--head', 'after1'),
      rev('side2', '--head', 'after1', '--splice'),
      ['merge', '-m', 'two heads', '--rev-id', 'm2', 'side1', 'side2'],
    ]);
    expect(truth.revisions.m3?.parents).toEqual(['ae1027a6acf', 'Upper.Case_9', '6f8a4c0d2e3g']);
    expect(truth.heads).toEqual(['m2']);
  });

  it('several bases, branch labels on bases, middles and tops, depends-on by id and by label, open heads', () => {
    const dir = alembicInit();
    const truth = agrees(dir, [
      rev('main1', '--branch-label', 'main'),
      rev('main2'),
      rev('net1', '--head', 'base', '--branch-label', 'networking'),
      rev('net2', '--head', 'networking@head'),
      rev('dep1', '--head', 'main@head', '--depends-on', 'networking'),
      rev('net3', '--head', 'networking@head', '--depends-on', 'main2'),
      rev('aud1', '--head', 'base', '--branch-label', 'audit'),
      rev('aud2', '--head', 'audit@head', '--branch-label', 'audit_late'),
      rev('aud3', '--head', 'audit@head'),
      // a label in the middle of a line: Alembic carries it down to the base
      rev('line1', '--head', 'base', '--branch-label', 'line'),
      rev('line2', '--head', 'line@head'),
      rev('line3', '--head', 'line@head', '--branch-label', 'line_mid'),
      rev('line4', '--head', 'line@head'),
      // a label whose branch forks above it: nothing below it gets the label
      rev('fork1', '--head', 'base', '--branch-label', 'fork'),
      rev('fork2', '--head', 'fork@head', '--branch-label', 'fork_mid'),
      rev('fork3a', '--head', 'fork2'),
      rev('fork3b', '--head', 'fork2', '--splice'),
      // a label below a merge point: the walk down stops at the merge
      rev('lone1', '--head', 'base', '--branch-label', 'lone'),
      ['merge', '-m', 'lone with audit', '--rev-id', 'mlone', 'lone1', 'aud3'],
      rev('top1', '--head', 'mlone', '--branch-label', 'top'),
    ]);
    expect(truth.revisions.dep1?.dependsOn).toEqual(['net1']);
    expect(truth.heads.length).toBeGreaterThan(2);
    expect(truth.bases.length).toBeGreaterThan(2);
  });

  it('a label on a revision another one depends on stops the walk down there, as Alembic does', () => {
    const dir = alembicInit();
    agrees(dir, [
      rev('w1', '--branch-label', 'w'),
      rev('w2'),
      rev('w3'),
      rev('w4', '--branch-label', 'wtop'),
      rev('o1', '--head', 'base', '--branch-label', 'other', '--depends-on', 'w2'),
    ]);
  });

  for (const [style, settings] of [
    [
      'version_path_separator os',
      { version_path_separator: 'os', version_locations: '%(here)s/migrations/versions:%(here)s/extra' },
    ],
    [
      'version_path_separator space',
      { version_path_separator: 'space', version_locations: '%(here)s/migrations/versions %(here)s/extra' },
    ],
    [
      'the legacy space/comma split',
      { version_path_separator: '', version_locations: '%(here)s/migrations/versions, extra' },
    ],
  ] as const) {
    it(`several version locations: ${style}`, () => {
      const dir = alembicInit();
      mkdirSync(join(dir, 'extra'));
      setIni(dir, {
        version_locations: settings.version_locations,
        version_path_separator: settings.version_path_separator || null,
      });
      const truth = agrees(dir, [
        rev('v1', '--version-path', join(dir, 'migrations/versions')),
        rev('v2'),
        rev('x1', '--head', 'base', '--branch-label', 'extra', '--version-path', join(dir, 'extra')),
        rev('x2', '--head', 'extra@head'),
        ['merge', '-m', 'join', '--rev-id', 'vx', 'heads'],
      ]);
      expect(truth.revisions.x2?.path).toBe('extra/x2_message_of_x2.py');
    });
  }
});

// Which revisions the studio passes to the lint worker as edited, and when it makes it
// reload the project instead.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chain, writeProject } from '../../../test/support/projects.ts';
import { loadProject } from '../project/project.ts';
import { changedLintInputs } from './lint-inputs.ts';

const file = (dir: string, i: number): string => join(dir, 'versions', `c${String(i).padStart(11, '0')}_rev.sql`);

describe('changedLintInputs', () => {
  it('a reload of unchanged files changes nothing', () => {
    const dir = writeProject('sqlite', chain(5));
    expect(changedLintInputs(loadProject(dir), loadProject(dir), 64)).toEqual([]);
  });

  it('an edited revision is the one change, with its new text', () => {
    const dir = writeProject('sqlite', chain(5));
    const before = loadProject(dir);
    writeFileSync(
      file(dir, 2),
      readFileSync(file(dir, 2), 'utf8').replace('INSERT INTO t2', 'DELETE FROM t1;\nINSERT INTO t2'),
    );
    const changed = changedLintInputs(before, loadProject(dir), 64);
    expect(changed?.map((c) => c.id)).toEqual(['c00000000002']);
    expect(changed?.[0]?.upgradeSql).toContain('DELETE FROM t1;');
  });

  it('another graph, other lint settings or too many edits: reload', () => {
    const dir = writeProject('sqlite', chain(5));
    const five = loadProject(dir);
    expect(changedLintInputs(five, loadProject(writeProject('sqlite', chain(6))), 64)).toBeUndefined();
    const config = join(dir, 'strata.json');
    writeFileSync(
      config,
      JSON.stringify({ ...JSON.parse(readFileSync(config, 'utf8')), lint: { rules: { 'sqlite-drop-column': 'off' } } }),
    );
    expect(changedLintInputs(five, loadProject(dir), 64)).toBeUndefined();
    const other = writeProject('sqlite', chain(5));
    const base = loadProject(other);
    for (const i of [1, 3])
      writeFileSync(file(other, i), readFileSync(file(other, i), 'utf8').replace('INSERT', 'DELETE FROM t0;\nINSERT'));
    expect(changedLintInputs(base, loadProject(other), 1)).toBeUndefined();
    expect(changedLintInputs(base, loadProject(other), 2)?.length).toBe(2);
  });
});

// Where benchmark 1's time goes (not part of `npm run bench`):
//
//   npx tsx bench/profile-load.ts [PROJECT_DIR]
//   node --cpu-prof --cpu-prof-dir=PROFILE_DIR --import tsx bench/profile-load.ts [PROJECT_DIR]
//
// Generates (or reuses) a 10,000-revision project, then times loadProject + planUpgrade and,
// separately, the phases loadProject is made of, each through the engine's own functions:
// readdir, reading the files, parsing them, building (validating) the graph, planning.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Revision } from '../shared/model/revision.ts';
import { planUpgrade } from '../electron/engine/graph/plan.ts';
import { RevisionMap } from '../electron/engine/graph/revision-map.ts';
import { loadProject } from '../electron/engine/project/project.ts';
import { parseRevisionFile, revisionChecksum } from '../electron/engine/project/revision-file.ts';
import { generateProject } from './generate.ts';
import { median, round } from './measure.ts';

const dir = process.argv[2] ?? generateProject('postgres', 10_000, 1).dir;
const versions = join(dir, 'versions');
const reps = 11;
const phases: Record<string, number[]> = {};
const add = (name: string, ms: number): void => {
  (phases[name] ??= []).push(ms);
};

for (let i = 0; i < reps + 2; i++) {
  const measured = i >= 2;
  let t = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    if (measured) add(name, now - t);
    t = now;
  };
  const c0 = process.cpuUsage();
  const { map } = loadProject(dir);
  planUpgrade(map, new Set(), 'heads');
  const c1 = process.cpuUsage(c0);
  lap('loadProject + planUpgrade (wall)');
  if (measured) add('loadProject + planUpgrade (CPU)', (c1.user + c1.system) / 1000);

  t = performance.now();
  const names = readdirSync(versions)
    .filter((n) => n.endsWith('.sql'))
    .sort();
  lap('  readdir');
  const texts = names.map((n) => readFileSync(join(versions, n), 'utf8'));
  lap('  read files');
  const parsed = texts.map((text, k) => parseRevisionFile(text, names[k] as string));
  lap('  parse');
  const revisions = parsed.map((p, k): Revision => {
    if (!p.ok) throw new Error(`${names[k]}: ${p.problems[0]?.message}`);
    const { data, lines } = p.file;
    return {
      ...data,
      upgradeLine: lines.upgrade,
      downgradeLine: lines.downgrade,
      file: names[k] as string,
      lines: {
        revision: lines.revision ?? 1,
        parents: lines.parents ?? 1,
        dependsOn: lines['depends-on'] ?? 1,
        branchLabels: lines['branch-labels'] ?? 1,
      },
      checksum: '',
    };
  });
  lap('  assemble revisions');
  const built = RevisionMap.build(revisions);
  if (!built.ok) throw new Error(built.problems[0]?.message);
  lap('  RevisionMap.build (validate + index)');
  planUpgrade(built.map, new Set(), 'heads');
  lap('  planUpgrade heads');
  // loadProject hashes lazily (on first use of a revision's checksum); shown for reference.
  for (const p of parsed) if (p.ok) revisionChecksum(p.file.data);
  lap('(checksums of every file, not part of loadProject)');
}

for (const [name, values] of Object.entries(phases))
  process.stdout.write(`${name.padEnd(42)} ${String(round(median(values))).padStart(7)} ms\n`);
process.stdout.write(`(median of ${reps}; project ${dir})\n`);

// `strata upgrade heads --sql` against `strata heads` on the same project, whole processes
// (DESIGN.md: offline SQL is linear, ≤ 4× `strata heads`): a 10,000-revision project with
// branches, merges and depends-on edges, and a project with 5,000 heads. Both commands load
// and validate the same project; what --sql adds is planning and rendering the script, so
// the ratio stays flat as projects grow only if rendering is linear.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResult } from './run.ts';
import { generateHeadsProject, generateProject, type GeneratedProject } from './generate.ts';
import { log, median, round, timeProcess, type ProcessRun } from './measure.ts';

export interface OfflineBenchOptions {
  /** The CLI entry to time (the bench's bundle of the current sources). */
  readonly cli: string;
  readonly root: string;
  readonly reps: number;
  readonly quick: boolean;
  readonly tempDir: (prefix: string) => string;
  readonly load1: () => number;
}

const BUDGET = 4;

export async function benchOffline(options: OfflineBenchOptions): Promise<BenchResult[]> {
  const sizes = options.quick ? { revisions: 1_000, heads: 500 } : { revisions: 10_000, heads: 5_000 };
  const results: BenchResult[] = [];
  log(`5. offline --sql: generating a ${sizes.revisions}-revision project and a ${sizes.heads}-heads project`);
  const projects: { label: string; project: GeneratedProject }[] = [
    {
      label: `${sizes.revisions.toLocaleString('en')} revisions`,
      project: generateProject('postgres', sizes.revisions, 5, options.tempDir('strata-bench-offline-')),
    },
    {
      label: `${sizes.heads.toLocaleString('en')} heads`,
      project: generateHeadsProject('postgres', sizes.heads, options.tempDir('strata-bench-heads-')),
    },
  ];
  const out = join(options.tempDir('strata-bench-offline-out-'), 'out');
  for (const { label, project } of projects) {
    const run = async (command: readonly string[]): Promise<ProcessRun> => {
      const r = await timeProcess(process.execPath, [options.cli, '--project', project.dir, ...command], {
        cwd: options.root,
        stdoutFile: out,
      });
      if (r.code !== 0)
        throw new Error(`strata ${command.join(' ')} exited with ${r.code}:\n${r.stderr.slice(0, 2000)}`);
      return r;
    };
    const heads = async (): Promise<ProcessRun> => {
      const r = await run(['heads']);
      const lines = readFileSync(out, 'utf8').trim().split('\n').length;
      if (lines < project.heads.length)
        throw new Error(`strata heads printed ${lines} lines for ${project.heads.length} heads`);
      return r;
    };
    const sql = async (): Promise<ProcessRun> => {
      const r = await run(['upgrade', 'heads', '--sql']);
      const steps = readFileSync(out, 'utf8').match(/^-- upgrade /gm)?.length ?? 0;
      if (steps !== project.count)
        throw new Error(`the --sql script has ${steps} steps for ${project.count} revisions`);
      return r;
    };
    // The first run writes the project's load cache; both sides then load through it.
    await heads();
    await sql();
    const scriptBytes = statSync(out).size;
    const loadBefore = options.load1();
    const samples = { heads: [] as number[], sql: [] as number[], headsCpu: [] as number[], sqlCpu: [] as number[] };
    for (let rep = 0; rep < options.reps; rep++) {
      // Alternated, so that neither side always runs right after the other.
      const order = rep % 2 === 0 ? [heads, sql] : [sql, heads];
      for (const side of order) {
        const r = await side();
        const which = side === heads ? 'heads' : 'sql';
        samples[which].push(r.ms);
        if (r.cpuMs !== null) samples[which === 'heads' ? 'headsCpu' : 'sqlCpu'].push(r.cpuMs);
      }
      log(
        `   ${label}: rep ${rep + 1}/${options.reps} heads ${round(samples.heads.at(-1) ?? 0)} ms, ` +
          `--sql ${round(samples.sql.at(-1) ?? 0)} ms`,
      );
    }
    const anchor = median(samples.heads);
    const value = median(samples.sql);
    const paired = median(samples.sql.map((t, i) => t / (samples.heads[i] ?? Number.NaN)));
    results.push({
      name: `offline: \`strata upgrade heads --sql\` vs \`strata heads\`, ${label} (whole processes)`,
      value: round(value),
      unit: 'ms',
      budget: `≤ ${BUDGET}× strata heads on the same project`,
      anchor: { name: 'strata heads on the same project', value: round(anchor), unit: 'ms' },
      ratio: round(value / anchor, 2),
      pass: value / anchor <= BUDGET,
      details: {
        repetitions: options.reps,
        pairedRatioMedian: round(paired, 2),
        cpuMedianMs: { heads: round(median(samples.headsCpu)), sql: round(median(samples.sqlCpu)) },
        scriptBytes,
        loadAverage: { before: round(loadBefore, 2), after: round(options.load1(), 2) },
        samplesMs: { heads: samples.heads.map((x) => round(x)), sql: samples.sql.map((x) => round(x)) },
        project: {
          revisions: project.count,
          heads: project.heads.length,
          branches: project.branches,
          merges: project.merges,
          dependsOnEdges: project.dependsOn,
        },
      },
    });
    log(
      `   ${label}: heads ${round(anchor)} ms, ` +
        `--sql ${round(value)} ms (×${round(value / anchor, 2)}, paired ×${round(paired, 2)})`,
    );
  }
  return results;
}

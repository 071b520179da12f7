// The lint budgets of DESIGN.md, with squawk's native binary beside them on the same files, in
// the same run, as the anchor for information (DESIGN.md: it replays no schema and computes no
// locks, so it is not a budget). The corpora (bench/lint/corpus.ts) are generated into a temp folder.
//
//   1. throughput, process against process (informational): `strata lint FILES… --json` and
//      squawk's native binary `squawk --pg-version=18 --reporter=json FILES…`, each over a
//      small corpus (BENCH_LINT_FILES, default 100 files, ≈1,300 statements) and a large one
//      (ten times as many files), median wall time of BENCH_LINT_REPS repetitions (default 5)
//      per corpus, sides alternated. Throughput is the marginal rate: the extra statements of
//      the large corpus over the extra time they took. Each side's fixed cost (process start,
//      loading the parser) cancels out, as it does for squawk; what is left is statements per
//      second, parsing and JSON output included — the same work on both sides.
//   2. the whole process on the small corpus (informational): what one CI lint of a few
//      migrations costs, start-up included. Node's start and libpg-query's WASM make Strata's
//      fixed cost far larger than a Rust binary's; this row says how much. The same for the
//      large corpus: a change that slows the small run raises the marginal rate of 1. without
//      making anything faster, and this row shows it.
//   3. in process (informational): lintText over the small corpus after warm-up, statements/s.
//   4. the start-up budget: `strata lint ONE-FILE --json` against a bare `node -e 0`, both timed
//      in this run, alternated (≤ 2.5×). The 1,000-file budget (≤ 1 s) is the large corpus's
//      whole-process row of 2. when the corpus has 1,000 files (the default); the third lint
//      budget, the studio's relint of an edited revision (≤ 50 ms), is bench/studio's.
//
// Environment: BENCH_LINT_FILES, BENCH_LINT_REPS.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, loadavg, platform, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { lintText } from '../../electron/engine/lint/lint-file.ts';
import { loadParser } from '../../electron/engine/lint/parse.ts';
import { JsonReportWriter } from '../../electron/engine/lint/json-report.ts';
import type { FileReport } from '../../electron/engine/lint/types.ts';
import { log, median, rotate, round, timeProcess, type ProcessRun } from '../measure.ts';
import type { BenchResult } from '../run.ts';
import { writeLintCorpus, type LintCorpus } from './corpus.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PG_VERSION = 18;

const SQUAWK_VERSION = '2.66.0';
const TOOLS = join(ROOT, 'bench', '.tools');

/**
 * squawk's prebuilt binary is the npm package @squawk-cli/<platform>-<arch>. It is installed
 * here, on first use, rather than as a devDependency: squawk-cli 2.66 names platform packages
 * that were never published at that version (darwin-arm64 stops at 2.61), so a lock file
 * holding it cannot pass `npm ci`.
 */
export function squawkBinary(): { path: string; version: string } | { path: null; reason: string } {
  const name = `@squawk-cli/${platform()}-${arch()}`;
  const require = createRequire(join(TOOLS, 'package.json'));
  let dir: string;
  try {
    dir = dirname(require.resolve(`${name}/package.json`));
  } catch {
    try {
      execFileSync(
        'npm',
        [
          'install',
          '--prefix',
          TOOLS,
          '--no-save',
          '--no-package-lock',
          '--no-audit',
          '--no-fund',
          `${name}@${SQUAWK_VERSION}`,
        ],
        { stdio: 'ignore' },
      );
      dir = dirname(createRequire(join(TOOLS, 'package.json')).resolve(`${name}/package.json`));
    } catch (error) {
      return {
        path: null,
        reason:
          `${name}@${SQUAWK_VERSION} could not be installed into bench/.tools: ` +
          `${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }
  const path = join(dir, 'bin', platform() === 'win32' ? 'squawk.exe' : 'squawk');
  if (!existsSync(path)) return { path: null, reason: `${path} does not exist` };
  const version =
    (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  return { path, version };
}

interface Side {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly runs: ProcessRun[];
}

function check(run: ProcessRun, what: string): ProcessRun {
  // Both exit 1 when they find errors; anything else (or no JSON) is a failed run.
  if (run.code !== 0 && run.code !== 1)
    throw new Error(`${what} exited with ${run.code}:\n${run.stderr.slice(0, 2000)}`);
  return run;
}

function inProcess(
  corpus: LintCorpus,
  texts: readonly { file: string; text: string }[],
  reps: number,
): { msLint: number; msLintJson: number; statements: number; syntaxErrors: number } {
  const lintAll = (): FileReport[] => texts.map(({ file, text }) => lintText(text, file, { pgVersion: PG_VERSION }));
  // Warm-up: JIT, the parser's WASM, the rule registry.
  for (let i = 0; i < 3; i++) lintAll();
  const lintTimes: number[] = [];
  const jsonTimes: number[] = [];
  let reports: FileReport[] = [];
  for (let i = 0; i < Math.max(reps * 2, 10); i++) {
    const t0 = performance.now();
    reports = lintAll();
    const t1 = performance.now();
    const writer = new JsonReportWriter();
    for (const r of reports) writer.add(r);
    writer.finish();
    const t2 = performance.now();
    lintTimes.push(t1 - t0);
    jsonTimes.push(t2 - t0);
  }
  const statements = reports.reduce((n, r) => n + r.statements.length, 0);
  if (statements !== corpus.statements)
    throw new Error(`in-process lint saw ${statements} statements, the corpus has ${corpus.statements}`);
  const syntaxErrors = reports
    .flatMap((r) => r.statements.flatMap((s) => s.findings))
    .filter((f) => f.rule === 'syntax-error').length;
  return { msLint: median(lintTimes), msLintJson: median(jsonTimes), statements, syntaxErrors };
}

interface Timed {
  readonly ms: number;
  readonly cpuMs: number | null;
  readonly runs: readonly number[];
}

function summary(runs: readonly ProcessRun[]): Timed {
  return {
    ms: median(runs.map((r) => r.ms)),
    cpuMs: runs.every((r) => r.cpuMs !== null) ? median(runs.map((r) => r.cpuMs as number)) : null,
    runs: runs.map((r) => round(r.ms)),
  };
}

/**
 * One file, the whole `strata lint` process, against a bare `node -e 0` in the same run (DESIGN.md:
 * ≤ 2.5×). Sides alternated; more repetitions than the corpora get, since each run is short.
 */
async function startupRow(cli: string, dir: string, reps: number): Promise<BenchResult> {
  const one = writeLintCorpus(join(dir, 'one'), 1);
  const file = join('one', basename(one.files[0] as string));
  const sides = [
    { name: 'strata', args: [cli, 'lint', file, '--json', `--pg-version=${PG_VERSION}`], runs: [] as ProcessRun[] },
    { name: 'node -e 0', args: ['-e', '0'], runs: [] as ProcessRun[] },
  ];
  for (const side of sides) check(await timeProcess(process.execPath, side.args, { cwd: dir }), side.name);
  for (let rep = 0; rep < reps * 3; rep++)
    for (const side of rotate(sides, rep))
      side.runs.push(check(await timeProcess(process.execPath, side.args, { cwd: dir }), side.name));
  const [strata, bare] = sides.map((side) => summary(side.runs)) as [Timed, Timed];
  const ratio = strata.ms / bare.ms;
  return {
    name: `lint start-up: one strata lint process over one file (${one.statements} statements) vs node -e 0`,
    value: round(strata.ms),
    unit: 'ms',
    budget: 'one file, whole process ≤ 2.5× a bare node -e 0 start (same run)',
    anchor: { name: `node -e 0 (${process.version})`, value: round(bare.ms), unit: 'ms' },
    ratio: round(ratio, 2),
    pass: ratio <= 2.5,
    details: {
      strataRunsMs: strata.runs,
      nodeRunsMs: bare.runs,
      strataCpuMs: strata.cpuMs,
      nodeCpuMs: bare.cpuMs,
      load1: round(loadavg()[0] ?? 0, 2),
    },
  };
}

/**
 * @param cli the strata entry to time: the bundle of the current sources that the upgrade
 * benchmarks time too (bench/cli-bundle.ts), so a stale dist/cli or the tsx fallback never
 * ends up in the figure.
 */
export async function runLintBenchmarks(cli: string): Promise<BenchResult[]> {
  const files = Math.max(1, Number(process.env.BENCH_LINT_FILES ?? 100));
  const reps = Math.max(1, Number(process.env.BENCH_LINT_REPS ?? 5));
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-lint-'));
  const results: BenchResult[] = [];
  try {
    const small = writeLintCorpus(join(dir, 'small'), files);
    const large = writeLintCorpus(join(dir, 'large'), files * 10);
    const namesOf = (corpus: LintCorpus, folder: string): string[] =>
      corpus.files.map((f) => join(folder, basename(f)));
    const corpora = [
      { key: 'small', corpus: small, names: namesOf(small, 'small') },
      { key: 'large', corpus: large, names: namesOf(large, 'large') },
    ] as const;
    log(
      `lint corpora: ${small.files.length} files / ${small.statements} statements, ` +
        `${large.files.length} files / ${large.statements} statements, in ${dir}`,
    );
    const squawk = squawkBinary();
    if (squawk.path === null) log(`squawk unavailable: ${squawk.reason}`);
    // cwd is the temp folder: no strata.json or .squawk.toml of this repository applies.
    const sidesFor = (names: readonly string[]): Side[] => [
      {
        name: 'strata',
        command: process.execPath,
        args: [cli, 'lint', ...names, '--json', `--pg-version=${PG_VERSION}`],
        runs: [],
      },
      ...(squawk.path !== null
        ? [
            {
              name: 'squawk',
              command: squawk.path,
              args: [`--pg-version=${PG_VERSION}`, '--reporter=json', ...names],
              runs: [],
            },
          ]
        : []),
    ];
    const bySize = corpora.map((c) => ({ ...c, sides: sidesFor(c.names) }));
    // One untimed run of each (page cache), then the timed ones, alternating sides and corpora.
    for (const c of bySize)
      for (const side of c.sides) check(await timeProcess(side.command, side.args, { cwd: dir }), side.name);
    for (let rep = 0; rep < reps; rep++) {
      for (const c of rotate(bySize, rep)) {
        for (const side of rotate(c.sides, rep)) {
          log(`lint rep ${rep + 1}/${reps}: ${side.name}, ${c.key} corpus`);
          side.runs.push(check(await timeProcess(side.command, side.args, { cwd: dir }), side.name));
        }
      }
    }

    for (const c of bySize) {
      const strata = c.sides[0] as Side;
      const out = JSON.parse(strata.runs.at(-1)?.stdout ?? '{}') as { summary?: { statements: number } };
      if (out.summary?.statements !== c.corpus.statements)
        throw new Error(
          `strata lint reported ${out.summary?.statements} statements on the ${c.key} corpus, ` +
            `it has ${c.corpus.statements}`,
        );
    }
    const [smallRuns, largeRuns] = bySize as unknown as [(typeof bySize)[number], (typeof bySize)[number]];
    const strataSmall = summary((smallRuns.sides[0] as Side).runs);
    const strataLarge = summary((largeRuns.sides[0] as Side).runs);
    const squawkSmall = smallRuns.sides[1] ? summary(smallRuns.sides[1].runs) : null;
    const squawkLarge = largeRuns.sides[1] ? summary(largeRuns.sides[1].runs) : null;
    const extra = large.statements - small.statements;
    const rate = (a: Timed, b: Timed): number => (extra / Math.max(1e-3, b.ms - a.ms)) * 1000;
    const strataRate = rate(strataSmall, strataLarge);
    const squawkRate = squawkSmall && squawkLarge ? rate(squawkSmall, squawkLarge) : null;
    const squawkVersion = squawk.path !== null ? squawk.version : '';
    const corpusDetails = {
      small: { files: small.files.length, statements: small.statements, kib: round(small.bytes / 1024) },
      large: { files: large.files.length, statements: large.statements, kib: round(large.bytes / 1024) },
      pgVersion: PG_VERSION,
    };
    const ratio = squawkRate === null ? null : squawkRate / strataRate;
    results.push({
      name:
        `lint throughput: strata lint vs squawk, processes, ` +
        `marginal statements/s from ${small.statements.toLocaleString('en')} ` +
        `to ${large.statements.toLocaleString('en')} statements`,
      value: round(strataRate, 0),
      unit: 'statements/s',
      budget:
        'none (informational: squawk is the anchor for information, DESIGN.md; ratio = squawk ÷ strata statements/s)',
      informational: true,
      anchor:
        squawkRate === null
          ? null
          : {
              name: `squawk ${squawkVersion} (native binary, --reporter=json)`,
              value: round(squawkRate, 0),
              unit: 'statements/s',
            },
      ratio: ratio === null ? null : round(ratio, 2),
      pass: true,
      details: {
        corpus: corpusDetails,
        reps,
        method:
          'median process wall time per corpus; rate = extra statements / extra time, ' +
          "so each side's fixed start-up cost cancels",
        strata: {
          command: `node <bundled strata> lint FILES… --json --pg-version=${PG_VERSION}`,
          smallMs: round(strataSmall.ms),
          largeMs: round(strataLarge.ms),
          smallRunsMs: strataSmall.runs,
          largeRunsMs: strataLarge.runs,
          cpuSmallMs: strataSmall.cpuMs,
          cpuLargeMs: strataLarge.cpuMs,
        },
        squawk:
          squawkSmall && squawkLarge
            ? {
                command: `squawk --pg-version=${PG_VERSION} --reporter=json FILES…`,
                version: squawkVersion,
                smallMs: round(squawkSmall.ms),
                largeMs: round(squawkLarge.ms),
                smallRunsMs: squawkSmall.runs,
                largeRunsMs: squawkLarge.runs,
              }
            : { available: false, reason: squawk.path === null ? squawk.reason : undefined },
        load1: round(loadavg()[0] ?? 0, 2),
      },
    });
    // One whole process per side: the fixed cost on the small corpus; on the large one, what
    // the budget row's marginal rate hides (a change that only slows the small run raises it).
    const processRow = (
      corpus: LintCorpus,
      strataRuns: Timed,
      squawkRuns: Timed | null,
      budget: string,
      limitMs?: number,
    ): BenchResult => ({
      name:
        `lint: one strata lint process vs one squawk process, ` +
        `${corpus.statements.toLocaleString('en')} statements in ${corpus.files.length} files (start-up included)`,
      value: round(strataRuns.ms),
      unit: 'ms',
      budget,
      anchor: squawkRuns === null ? null : { name: `squawk ${squawkVersion}`, value: round(squawkRuns.ms), unit: 'ms' },
      ratio: squawkRuns === null ? null : round(strataRuns.ms / squawkRuns.ms, 2),
      pass: limitMs === undefined || strataRuns.ms <= limitMs,
      ...(limitMs === undefined ? { informational: true } : {}),
      details: {
        strataRunsMs: strataRuns.runs,
        squawkRunsMs: squawkRuns?.runs ?? null,
        strataCpuMs: strataRuns.cpuMs,
        squawkCpuMs: squawkRuns?.cpuMs ?? null,
      },
    });
    results.push(
      processRow(
        small,
        strataSmall,
        squawkSmall,
        'none (informational: the fixed cost of a process — node start, ' +
          'libpg-query WASM — next to a native binary)',
      ),
    );
    // DESIGN.md's "1,000 files ≤ 1 s": the whole process, start-up included, over one history.
    const thousand = large.files.length === 1000;
    results.push(
      processRow(
        large,
        strataLarge,
        squawkLarge,
        thousand
          ? '1,000 files ≤ 1 s, whole process (squawk for information)'
          : "none (informational: the whole process on the large corpus, next to the budget row's marginal rate)",
        thousand ? 1000 : undefined,
      ),
    );
    results.push(await startupRow(cli, dir, reps));

    const corpus = small;
    const names = smallRuns.names;
    // In process, after warm-up: the analyzer's own speed, without start-up.
    await loadParser();
    const texts = corpus.files.map((f, i) => ({ file: names[i] as string, text: readFileSync(f, 'utf8') }));
    const mem = inProcess(corpus, texts, reps);
    const sps = (corpus.statements / mem.msLint) * 1000;
    results.push({
      name: `lint: in-process throughput after warm-up, ${corpus.statements} statements`,
      value: round(sps, 0),
      unit: 'statements/s',
      budget:
        'informational (the budget is the process row above); squawk’s marginal statements/s from it for comparison',
      anchor:
        squawkRate === null
          ? null
          : { name: 'squawk process, marginal statements/s', value: round(squawkRate, 0), unit: 'statements/s' },
      // As for the budget row: squawk's rate over Strata's, lower is better.
      ratio: squawkRate === null ? null : round(squawkRate / sps, 2),
      pass: true,
      informational: true,
      details: {
        lintMs: round(mem.msLint, 2),
        lintPlusJsonMs: round(mem.msLintJson, 2),
        syntaxErrors: mem.syntaxErrors,
        usPerStatement: round((mem.msLint * 1000) / corpus.statements, 1),
      },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

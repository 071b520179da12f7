// The lint budget of DESIGN.md: lint throughput within 2× squawk's, on the same files, in
// the same run. The corpus (bench/lint/corpus.ts) is generated into a temp folder.
//
//   1. process vs process (the budget): `strata lint FILES… --json` vs squawk's native binary
//      `squawk --pg-version=18 --reporter=json FILES…`, each over all the files in one
//      process; median wall time of BENCH_LINT_REPS repetitions (default 5), sides alternated.
//      Strata's time includes node + tsx start-up, which is also measured on its own
//      (`strata --version`) and reported.
//   2. in process (informational): lintText over the same texts after warm-up, statements/s,
//      next to squawk's statements/s from (1).
//
// Environment: BENCH_LINT_FILES (default 100 files, ≈13 statements each), BENCH_LINT_REPS.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, loadavg, platform, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { lintText } from '../../electron/engine/lint/lint-file.ts';
import { loadParser } from '../../electron/engine/lint/parse.ts';
import { jsonRows } from '../../electron/engine/lint/report.ts';
import type { FileReport } from '../../electron/engine/lint/types.ts';
import { log, median, rotate, round, timeProcess, type ProcessRun } from '../measure.ts';
import type { BenchResult } from '../run.ts';
import { writeLintCorpus, type LintCorpus } from './corpus.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'bin', 'strata.js');
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
      execFileSync('npm', ['install', '--prefix', TOOLS, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `${name}@${SQUAWK_VERSION}`], { stdio: 'ignore' });
      dir = dirname(createRequire(join(TOOLS, 'package.json')).resolve(`${name}/package.json`));
    } catch (error) {
      return { path: null, reason: `${name}@${SQUAWK_VERSION} could not be installed into bench/.tools: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  const path = join(dir, 'bin', platform() === 'win32' ? 'squawk.exe' : 'squawk');
  if (!existsSync(path)) return { path: null, reason: `${path} does not exist` };
  const version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
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
  if (run.code !== 0 && run.code !== 1) throw new Error(`${what} exited with ${run.code}:\n${run.stderr.slice(0, 2000)}`);
  return run;
}

function inProcess(corpus: LintCorpus, texts: readonly { file: string; text: string }[], reps: number): { msLint: number; msLintJson: number; statements: number; syntaxErrors: number } {
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
    JSON.stringify(jsonRows(reports));
    const t2 = performance.now();
    lintTimes.push(t1 - t0);
    jsonTimes.push(t2 - t0);
  }
  const statements = reports.reduce((n, r) => n + r.statements.length, 0);
  if (statements !== corpus.statements) throw new Error(`in-process lint saw ${statements} statements, the corpus has ${corpus.statements}`);
  const syntaxErrors = reports.flatMap((r) => r.statements.flatMap((s) => s.findings)).filter((f) => f.rule === 'syntax-error').length;
  return { msLint: median(lintTimes), msLintJson: median(jsonTimes), statements, syntaxErrors };
}

export async function runLintBenchmarks(): Promise<BenchResult[]> {
  const files = Math.max(1, Number(process.env.BENCH_LINT_FILES ?? 100));
  const reps = Math.max(1, Number(process.env.BENCH_LINT_REPS ?? 5));
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-lint-'));
  const results: BenchResult[] = [];
  try {
    const corpus = writeLintCorpus(join(dir, 'migrations'), files);
    const names = corpus.files.map((f) => join('migrations', basename(f)));
    log(`lint corpus: ${corpus.files.length} files, ${corpus.statements} statements, ${round(corpus.bytes / 1024)} KiB in ${dir}`);
    const squawk = squawkBinary();
    // cwd is the temp folder: no strata.json or .squawk.toml of this repository applies.
    const sides: Side[] = [{ name: 'strata', command: process.execPath, args: [CLI, 'lint', ...names, '--json', `--pg-version=${PG_VERSION}`], runs: [] }];
    // Diagnostic variant: V8 with only the baseline WASM compiler. Most of a cold lint's parser
    // time is V8 tiering libpg-query's WASM up to TurboFan; this shows what that costs.
    sides.push({ name: 'strata --liftoff-only', command: process.execPath, args: ['--liftoff-only', CLI, 'lint', ...names, '--json', `--pg-version=${PG_VERSION}`], runs: [] });
    if (squawk.path !== null) sides.push({ name: 'squawk', command: squawk.path, args: [`--pg-version=${PG_VERSION}`, '--reporter=json', ...names], runs: [] });
    else log(`squawk unavailable: ${squawk.reason}`);
    const startup: ProcessRun[] = [];

    // One untimed run of each side (page cache, tsx's transform cache), then the timed ones.
    for (const side of sides) check(await timeProcess(side.command, side.args, { cwd: dir }), side.name);
    for (let rep = 0; rep < reps; rep++) {
      for (const side of rotate(sides, rep)) {
        log(`lint rep ${rep + 1}/${reps}: ${side.name}`);
        side.runs.push(check(await timeProcess(side.command, side.args, { cwd: dir }), side.name));
      }
      startup.push(check(await timeProcess(process.execPath, [CLI, '--version'], { cwd: dir }), 'strata --version'));
    }

    const strata = sides[0] as Side;
    const strataOut = JSON.parse(strata.runs.at(-1)?.stdout ?? '{}') as { summary?: { statements: number; errors: number; warnings: number; infos: number }; statements?: { findings: { rule: string }[] }[] };
    const strataStatements = strataOut.summary?.statements ?? 0;
    if (strataStatements !== corpus.statements) throw new Error(`strata lint reported ${strataStatements} statements, the corpus has ${corpus.statements}`);
    const strataSyntax = (strataOut.statements ?? []).flatMap((s) => s.findings).filter((f) => f.rule === 'syntax-error').length;
    const strataMs = median(strata.runs.map((r) => r.ms));
    const strataCpu = strata.runs.every((r) => r.cpuMs !== null) ? median(strata.runs.map((r) => r.cpuMs as number)) : null;
    const startupMs = median(startup.map((r) => r.ms));

    const liftoff = sides[1] as Side;
    const squawkSide = sides[2];
    let squawkMs: number | null = null;
    let squawkDetails: Record<string, unknown> = { available: false, reason: squawk.path === null ? squawk.reason : undefined };
    if (squawkSide && squawk.path !== null) {
      squawkMs = median(squawkSide.runs.map((r) => r.ms));
      const violations = JSON.parse(squawkSide.runs.at(-1)?.stdout || '[]') as { rule_name?: string; file?: string }[];
      const byRule: Record<string, number> = {};
      for (const v of violations) byRule[v.rule_name ?? '?'] = (byRule[v.rule_name ?? '?'] ?? 0) + 1;
      squawkDetails = {
        available: true,
        version: squawk.version,
        binary: squawk.path,
        command: `squawk --pg-version=${PG_VERSION} --reporter=json FILES…`,
        runsMs: squawkSide.runs.map((r) => round(r.ms)),
        cpuMs: squawkSide.runs.every((r) => r.cpuMs !== null) ? round(median(squawkSide.runs.map((r) => r.cpuMs as number))) : null,
        violations: violations.length,
        syntaxErrors: byRule['syntax-error'] ?? 0,
        statementsPerSecond: round((corpus.statements / squawkMs) * 1000, 0),
      };
    }
    const ratio = squawkMs === null ? null : strataMs / squawkMs;
    const corpusDetails = { files: corpus.files.length, statements: corpus.statements, kib: round(corpus.bytes / 1024), pgVersion: PG_VERSION };
    results.push({
      name: `lint: strata lint process vs squawk process, ${corpus.statements} statements in ${corpus.files.length} files`,
      value: round(strataMs),
      unit: 'ms',
      budget: 'lint throughput within 2× squawk on the same files (strata lint process ≤ 2× squawk process)',
      anchor: squawkMs === null ? null : { name: `squawk ${squawk.path !== null ? squawk.version : ''} (native binary, one process, --reporter=json)`, value: round(squawkMs), unit: 'ms' },
      ratio: ratio === null ? null : round(ratio, 2),
      pass: ratio !== null && ratio <= 2,
      details: {
        corpus: corpusDetails,
        reps,
        // Wall time suffers when other work shares the CPUs; CPU time (GNU time) much less so.
        cpuRatio: strataCpu !== null && typeof squawkDetails.cpuMs === 'number' && squawkDetails.cpuMs > 0 ? round(strataCpu / squawkDetails.cpuMs, 1) : null,
        load1: round(loadavg()[0] ?? 0, 2),
        strata: {
          command: `node bin/strata.js lint FILES… --json --pg-version=${PG_VERSION}`,
          runsMs: strata.runs.map((r) => round(r.ms)),
          cpuMs: strataCpu === null ? null : round(strataCpu),
          startupMs: round(startupMs),
          startupCommand: 'node bin/strata.js --version (node + tsx loader + CLI import, no lint)',
          lintMinusStartupMs: round(strataMs - startupMs),
          findings: strataOut.summary,
          syntaxErrors: strataSyntax,
          statementsPerSecond: round((corpus.statements / strataMs) * 1000, 0),
        },
        strataLiftoffOnly: {
          command: `node --liftoff-only bin/strata.js lint FILES… --json --pg-version=${PG_VERSION}`,
          note: 'diagnostic, not the budget: V8 flag that skips TurboFan tier-up of the WASM parser',
          runsMs: liftoff.runs.map((r) => round(r.ms)),
          medianMs: round(median(liftoff.runs.map((r) => r.ms))),
          ratioToSquawk: squawkMs === null ? null : round(median(liftoff.runs.map((r) => r.ms)) / squawkMs, 2),
        },
        squawk: squawkDetails,
        ...(squawkMs === null ? { note: 'squawk unavailable: no anchor, the budget is not checked' } : {}),
      },
    });

    // In process, after warm-up: the analyzer's own speed, without start-up.
    await loadParser();
    const texts = corpus.files.map((f, i) => ({ file: names[i] as string, text: readFileSync(f, 'utf8') }));
    const mem = inProcess(corpus, texts, reps);
    const sps = (corpus.statements / mem.msLint) * 1000;
    const squawkSps = squawkMs === null ? null : (corpus.statements / squawkMs) * 1000;
    results.push({
      name: `lint: in-process throughput after warm-up, ${corpus.statements} statements`,
      value: round(sps, 0),
      unit: 'statements/s',
      budget: 'informational (the budget is process vs process); squawk statements/s from its process time for comparison',
      anchor: squawkSps === null ? null : { name: 'squawk process (statements / wall time, start-up included)', value: round(squawkSps, 0), unit: 'statements/s' },
      // Time ratio (strata / squawk), as for the budget row: lower is better.
      ratio: squawkSps === null ? null : round(squawkSps / sps, 2),
      pass: true,
      informational: true,
      details: { lintMs: round(mem.msLint, 2), lintPlusJsonMs: round(mem.msLintJson, 2), syntaxErrors: mem.syntaxErrors, usPerStatement: round((mem.msLint * 1000) / corpus.statements, 1) },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

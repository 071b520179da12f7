// `npm run bench`: the budgets of DESIGN.md ("Budgets") that concern the engine, measured on
// this machine. Prints the results as JSON on stdout (progress goes to stderr) and writes
// bench/RESULTS.md.
//
//   1. load + validate + plan a 10,000-revision project (in-process)
//   2. upgrade 1,000 revisions on PostgreSQL (the bench workload, then one statement per
//      revision): `strata upgrade head` vs psql running the
//      plan's own offline script, per-revision transactions and --single-transaction
//   3. the same on SQLite vs the sqlite3 shell
//   4. downgrade base of 3,000 revisions on PostgreSQL (and, for information, the same with
//      --single-transaction)
//   5. offline `upgrade heads --sql` of 10,000 revisions and of 5,000 heads vs `strata heads`
//      on the same project (bench/offline.ts)
//   6. autogenerate: `strata diff --url` on a 1,000-table PostgreSQL schema with 10 columns
//      changed, whole process (bench/autogen.ts)
//   7. the lock preview's lock-hold estimates against real runs, 10^5 to 10^7 rows
//      (bench/lock-estimates.ts)
//
// `npm run -s bench > results.json` keeps npm's banner out of the JSON.
// Environment: BENCH_REPS (default 5) repetitions per measured side; BENCH_QUICK=1 for a
// smoke run with smaller projects (the budgets are then not meaningful); BENCH_ONLY=load,
// postgres,sqlite,downgrade,offline,autogen,locks,studio,lint for a subset; BENCH_MARKDOWN=PATH to write the report
// elsewhere.
// Only a full run writes bench/RESULTS.md. bench/profile-load.ts breaks benchmark 1 down.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, statfsSync } from 'node:fs';
import { cpus, hostname, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { PlanStep } from '../shared/model/revision.ts';
import { HISTORY_TABLE, type StrataTables } from '../electron/engine/dialects/dialect.ts';
import { connect, dialectSql, parseDatabaseUrl } from '../electron/engine/dialects/registry.ts';
import { planDowngrade, planUpgrade, type Applied } from '../electron/engine/graph/plan.ts';
import { loadProject } from '../electron/engine/project/project.ts';
import { defaultIdentity } from '../electron/engine/runner/identity.ts';
import { renderOfflineScript } from '../electron/engine/runner/offline.ts';
import { runMigration } from '../electron/engine/runner/runner.ts';
import { buildCliBundle } from './cli-bundle.ts';
import { benchAutogen } from './autogen.ts';
import { benchOffline } from './offline.ts';
import { generateProject, type BenchDialect, type GeneratedProject } from './generate.ts';
import { log, median, removeTimeFiles, rotate, round, timeProcess, type ProcessRun } from './measure.ts';
import { startServer, type BenchServer } from './postgres.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'strata.js');
/** The CLI entry timed: a bundle of the current sources (see cli-bundle.ts); set in main(). */
let CLI = BIN;
const PSQL = '/usr/bin/psql';
const SQLITE3 = '/usr/bin/sqlite3';
const QUICK = process.env.BENCH_QUICK === '1';
const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? (QUICK ? 1 : 5)));
const SIZES = QUICK
  ? { load: 1_000, upgrade: 100, downgrade: 300 }
  : { load: 10_000, upgrade: 1_000, downgrade: 3_000 };
const BENCHES = ['load', 'postgres', 'sqlite', 'downgrade', 'offline', 'autogen', 'locks', 'studio', 'lint'];
/**
 * BENCH_ONLY=load,postgres,sqlite,downgrade,offline,autogen,locks,studio,lint runs a subset (for profiling;
 * RESULTS.md is then not written).
 */
const ONLY = new Set((process.env.BENCH_ONLY ?? BENCHES.join(',')).split(',').map((s) => s.trim()));
const FULL = !QUICK && BENCHES.every((b) => ONLY.has(b));
const TABLES: StrataTables = { version: 'strata_version', history: HISTORY_TABLE };

export interface BenchResult {
  readonly name: string;
  /** The measured value (median), in `unit`; null when the run did not complete. */
  readonly value: number | null;
  readonly unit: string;
  /** The budget as DESIGN.md states it. */
  readonly budget: string;
  /** What the value is compared with, measured in the same run (e.g. psql on the same script). */
  readonly anchor: { readonly name: string; readonly value: number; readonly unit: string } | null;
  /** value / anchor when there is an anchor, else value / the budget's limit. */
  readonly ratio: number | null;
  readonly pass: boolean;
  /** Informational results carry no budget: pass only says the measurement was taken. */
  readonly informational?: boolean;
  readonly details?: Record<string, unknown>;
}

const results: BenchResult[] = [];

/** The 1-minute load average: other work on the machine shows here (2 CPUs are easily shared). */
const load1 = (): number => loadavg()[0] ?? 0;
const cleanups: (() => void)[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function must(run: ProcessRun, what: string): ProcessRun {
  if (run.code !== 0) throw new Error(`${what} exited with ${run.code}:\n${run.stderr.slice(0, 2000)}`);
  return run;
}

// ---------------------------------------------------------------------------------------
// 1. load + validate + plan

function benchLoad(): void {
  log(`1. generating a ${SIZES.load}-revision project`);
  const project = generateProject('postgres', SIZES.load, 1, tempDir('strata-bench-load-'));
  const once = (cache: boolean): { total: number; cpu: number; steps: number } => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const { map } = loadProject(project.dir, { cache });
    const plan = planUpgrade(map, new Set(), 'heads');
    const total = performance.now() - t0;
    const c1 = process.cpuUsage(c0);
    return { total, cpu: (c1.user + c1.system) / 1000, steps: plan.length };
  };
  // File reading alone, for the breakdown: readdir + readFileSync of every revision file.
  const readOnly = (): number => {
    const t0 = performance.now();
    const dir = join(project.dir, 'versions');
    let bytes = 0;
    for (const name of readdirSync(dir)
      .filter((n) => n.endsWith('.sql'))
      .sort())
      bytes += readFileSync(join(dir, name), 'utf8').length;
    if (bytes === 0) throw new Error('empty project');
    return performance.now() - t0;
  };
  // Stats alone: what a load through the cache cannot avoid (one stat per file).
  const statOnly = (): number => {
    const t0 = performance.now();
    const dir = join(project.dir, 'versions');
    for (const name of readdirSync(dir)
      .filter((n) => n.endsWith('.sql'))
      .sort())
      statSync(join(dir, name));
    return performance.now() - t0;
  };
  const reps = QUICK ? 3 : 11;
  const measure = (cache: boolean): { times: number[]; cpu: number[]; side: number[]; load: number } => {
    for (let i = 0; i < 3; i++) once(cache);
    const out = { times: [] as number[], cpu: [] as number[], side: [] as number[], load: load1() };
    for (let i = 0; i < reps; i++) {
      const r = once(cache);
      if (r.steps !== project.count) throw new Error(`plan has ${r.steps} steps, expected ${project.count}`);
      out.times.push(r.total);
      out.cpu.push(r.cpu);
      out.side.push(cache ? statOnly() : readOnly());
    }
    return out;
  };
  // Without the cache first: every file read and parsed, as on the first load after a clone.
  const cold = measure(false);
  // The first cached load writes .strata/load-cache.bin; its mtime must be past the files'
  // (the racily clean rule), which it is once the clock has ticked since generation.
  loadProject(project.dir);
  const warm = measure(true);
  const row = (label: string, m: typeof cold, budgeted: boolean, sideName: string): BenchResult => {
    const value = median(m.times);
    return {
      name: `load + validate + plan (heads) a ${SIZES.load.toLocaleString('en')}-revision project, ${label}`,
      value: round(value),
      unit: 'ms',
      budget: budgeted ? '≤ 250 ms' : 'none (informational: the first load after a clone, or STRATA_LOAD_CACHE=0)',
      anchor: null,
      ratio: round(value / 250, 2),
      pass: budgeted ? value <= 250 : true,
      ...(budgeted ? {} : { informational: true }),
      details: {
        repetitions: reps,
        warmups: 3,
        minMs: round(Math.min(...m.times)),
        maxMs: round(Math.max(...m.times)),
        cpuMedianMs: round(median(m.cpu)),
        [sideName]: round(median(m.side)),
        loadAverageBefore: round(m.load, 2),
        project: describeProject(project),
      },
    };
  };
  results.push(row('through the load cache (every load after the first)', warm, true, 'statOfEveryFileOnlyMedianMs'));
  results.push(row('without the load cache (every file read and parsed)', cold, false, 'fileReadingOnlyMedianMs'));
  log(
    `   through the cache: median ${round(median(warm.times))} ms ` +
      `(stat of every file alone ${round(median(warm.side))} ms)`,
  );
  log(
    `   without the cache: median ${round(median(cold.times))} ms (file reading alone ${round(median(cold.side))} ms)`,
  );
}

function describeProject(p: GeneratedProject): Record<string, unknown> {
  return {
    revisions: p.count,
    branches: p.branches,
    merges: p.merges,
    branchLabels: p.labels,
    dependsOnEdges: p.dependsOn,
    upgradeStatements: p.statements,
    heads: p.heads.length,
  };
}

// ---------------------------------------------------------------------------------------
// 2-4. runs against a database

type Side = 'psql' | 'sqlite3' | 'strata-cli' | 'strata-in-process';

interface Target {
  readonly dialect: BenchDialect;
  /** A fresh, empty database. */
  fresh(): Promise<{ url: string; drop: () => Promise<void> }>;
  /** Checks the database ended at the head with every history row; returns the number of user tables. */
  verify(url: string, head: string, historyRows: number): Promise<number>;
  /** The reference tool on an offline script. */
  reference(url: string, scriptPath: string): Promise<ProcessRun>;
  readonly referenceName: 'psql' | 'sqlite3';
}

function pgTarget(server: BenchServer): Target {
  return {
    dialect: 'postgres',
    referenceName: 'psql',
    async fresh() {
      const db = await server.createDatabase();
      return { url: db.url, drop: () => server.dropDatabase(db.name) };
    },
    async verify(url, head, historyRows) {
      const client = new (await import('pg')).default.Client({ connectionString: url });
      await client.connect();
      try {
        const version = (
          await client.query<{ version_num: string }>('SELECT version_num FROM strata_version')
        ).rows.map((r) => r.version_num);
        const history = Number(
          (await client.query<{ n: string }>('SELECT count(*) AS n FROM strata_history')).rows[0]?.n,
        );
        const tables = Number(
          (await client.query<{ n: string }>("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'")).rows[0]
            ?.n,
        );
        checkState(version, head, history, historyRows);
        return tables;
      } finally {
        await client.end();
      }
    },
    reference: (url, scriptPath) => timeProcess(PSQL, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', scriptPath, url]),
  };
}

function sqliteTarget(): Target {
  const dir = tempDir('strata-bench-sqlite-');
  let n = 0;
  return {
    dialect: 'sqlite',
    referenceName: 'sqlite3',
    async fresh() {
      const file = join(dir, `bench_${n++}.sqlite`);
      return {
        url: file,
        drop: async () => {
          for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(file + suffix, { force: true });
        },
      };
    },
    async verify(url, head, historyRows) {
      const db = new Database(url, { readonly: true });
      try {
        const version = (db.prepare('SELECT version_num FROM strata_version').all() as { version_num: string }[]).map(
          (r) => r.version_num,
        );
        const history = (db.prepare('SELECT count(*) AS n FROM strata_history').get() as { n: number }).n;
        const tables = (
          db
            .prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            .get() as { n: number }
        ).n;
        checkState(version, head, history, historyRows);
        return tables;
      } finally {
        db.close();
      }
    },
    reference: (url, scriptPath) => timeProcess(SQLITE3, ['-bail', url, `.read ${scriptPath}`]),
  };
}

function checkState(version: readonly string[], head: string, history: number, expected: number): void {
  if (version.length !== 1 || version[0] !== head)
    throw new Error(`database ended at ${version.join(', ') || 'base'}, expected ${head}`);
  if (history !== expected) throw new Error(`history has ${history} rows, expected ${expected}`);
}

function cliArgs(projectDir: string, url: string, command: string[], single: boolean): string[] {
  return [CLI, '--project', projectDir, '--url', url, ...command, ...(single ? ['--single-transaction'] : [])];
}

async function inProcess(
  projectDir: string,
  url: string,
  plan: (applied: Applied) => readonly PlanStep[],
  single: boolean,
): Promise<{ ms: number; cpuMs: number }> {
  const { map } = loadProject(projectDir);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const conn = await connect(parseDatabaseUrl(url, ROOT));
  try {
    await runMigration(conn, map, TABLES, { plan, singleTransaction: single, identity: defaultIdentity() });
  } finally {
    await conn.close();
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/**
 * DESIGN.md: `strata heads` whole process ≤ 250 ms over a 10-revision project, as a user
 * starts it: bin/strata.js, which checks that dist/cli is current (scripts/cli-stamp.cjs) and
 * runs it (`npm run bench` builds it first; a stale bundle would fall back to tsx, and the
 * details say which ran).
 */
async function benchHeadsProcess(): Promise<void> {
  log('strata heads, whole process through bin/strata.js, over a 10-revision project');
  const project = generateProject('sqlite', 10, 4, tempDir('strata-bench-heads10-'));
  const { bundleIsCurrent } = await import('../scripts/cli-stamp.cjs');
  const t0 = performance.now();
  const current = bundleIsCurrent(ROOT, join(ROOT, 'dist', 'cli'));
  const checkMs = performance.now() - t0;
  const run = async (): Promise<number> =>
    must(await timeProcess(process.execPath, [BIN, '--project', project.dir, 'heads'], { cwd: ROOT }), 'strata heads')
      .ms;
  await run();
  const samples: number[] = [];
  for (let i = 0; i < (QUICK ? 3 : 11); i++) samples.push(await run());
  const value = median(samples);
  results.push({
    name: '`strata heads` whole process over a 10-revision project (bin/strata.js)',
    value: round(value),
    unit: 'ms',
    budget: '≤ 250 ms',
    anchor: null,
    ratio: round(value / 250, 2),
    pass: value <= 250,
    details: {
      bundle: current ? 'dist/cli current: the bundle ran' : 'dist/cli stale or missing: the sources ran through tsx',
      freshnessCheckMs: round(checkMs, 2),
      samplesMs: samples.map((x) => round(x)),
      loadAverage: round(load1(), 2),
    },
  });
  log(
    `   median ${round(value)} ms (${current ? 'bundle' : 'tsx'}; the freshness check alone ${round(checkMs, 1)} ms)`,
  );
}

/** Process start alone, which the CLI pays on every run and psql hardly at all. */
async function benchStartup(): Promise<void> {
  log('startup: strata --version (bundle, and from source through tsx) vs psql --version');
  const fromSource = { ...process.env, STRATA_FROM_SOURCE: '1' };
  const bundle: number[] = [];
  const tsx: number[] = [];
  const psql: number[] = [];
  must(await timeProcess(process.execPath, [BIN, '--version'], { cwd: ROOT, env: fromSource }), 'strata --version');
  for (let i = 0; i < (QUICK ? 2 : 5); i++) {
    bundle.push(must(await timeProcess(process.execPath, [CLI, '--version'], { cwd: ROOT }), 'strata --version').ms);
    tsx.push(
      must(
        await timeProcess(process.execPath, [BIN, '--version'], { cwd: ROOT, env: fromSource }),
        'strata --version (tsx)',
      ).ms,
    );
    psql.push(must(await timeProcess(PSQL, ['--version']), 'psql --version').ms);
  }
  const anchor = median(psql);
  for (const [label, samples] of [
    ['bundle', bundle],
    ['from source through tsx (STRATA_FROM_SOURCE=1, or a stale dist/cli)', tsx],
  ] as const) {
    const value = median(samples);
    results.push({
      name: `process start: \`strata --version\`, ${label}, vs \`psql --version\``,
      value: round(value),
      unit: 'ms',
      budget: 'none (informational: the fixed cost inside every CLI figure)',
      anchor: { name: 'psql --version', value: round(anchor), unit: 'ms' },
      ratio: round(value / anchor, 1),
      pass: true,
      informational: true,
      details: {
        samplesMs: { strata: samples.map((x) => round(x)), psql: psql.map((x) => round(x)) },
        loadAverage: round(load1(), 2),
      },
    });
  }
  log(`   bundle ${round(median(bundle))} ms, tsx ${round(median(tsx))} ms, psql ${round(anchor)} ms`);
}

/**
 * `oneStatement`: every revision one statement (CREATE TABLE, ADD COLUMN or CREATE INDEX),
 * where a runner's fixed cost per revision weighs most next to the reference shell's.
 */
async function benchUpgrade(target: Target, oneStatement: boolean): Promise<void> {
  const label = target.dialect === 'postgres' ? 'PostgreSQL' : 'SQLite';
  const number = target.dialect === 'postgres' ? 2 : 3;
  const budget = target.dialect === 'postgres' ? 1.3 : 1.5;
  const revisions = `${SIZES.upgrade.toLocaleString('en')}${oneStatement ? ' one-statement' : ''} revisions`;
  log(`${number}. ${label}: generating a project of ${revisions}`);
  const project = generateProject(target.dialect, SIZES.upgrade, 2, tempDir(`strata-bench-up-${target.dialect}-`), {
    oneStatement,
  });
  if (project.heads.length !== 1) throw new Error('the upgrade project must have one head');
  const head = project.heads[0] as string;
  const { map } = loadProject(project.dir);
  const steps = planUpgrade(map, new Set(), 'head');
  const scriptDir = tempDir('strata-bench-script-');

  for (const single of [false, true]) {
    const mode = single ? 'single-transaction' : 'per-revision';
    const script = renderOfflineScript(map, {
      sql: dialectSql(target.dialect),
      tables: TABLES,
      from: new Set(),
      steps,
      singleTransaction: single,
      identity: defaultIdentity(),
      title: 'upgrade head',
    });
    const scriptPath = join(scriptDir, `upgrade-${mode}.sql`);
    writeFileSync(scriptPath, script);
    const sides: Side[] = [target.referenceName, 'strata-cli', 'strata-in-process'];
    const times: Record<string, number[]> = {};
    const cpuTimes: Record<string, number[]> = {};
    const tableCounts = new Set<number>();
    const runSide = async (side: Side, measured: boolean): Promise<void> => {
      const db = await target.fresh();
      try {
        let run: { ms: number; cpuMs: number | null };
        if (side === 'psql' || side === 'sqlite3') run = must(await target.reference(db.url, scriptPath), side);
        else if (side === 'strata-cli')
          run = must(
            await timeProcess(process.execPath, cliArgs(project.dir, db.url, ['upgrade', 'head'], single), {
              cwd: ROOT,
            }),
            'strata upgrade head',
          );
        else run = await inProcess(project.dir, db.url, (applied) => planUpgrade(map, applied, 'head'), single);
        tableCounts.add(await target.verify(db.url, head, steps.length));
        if (measured) {
          (times[side] ??= []).push(run.ms);
          if (run.cpuMs !== null) (cpuTimes[side] ??= []).push(run.cpuMs);
        }
      } finally {
        await db.drop();
      }
    };
    if (!single && !oneStatement) {
      // Once per dialect: fills tsx's transform cache and the server's / file system's caches.
      log(`   warm-up`);
      for (const side of sides) await runSide(side, false);
    }
    const loadBefore = load1();
    for (let rep = 0; rep < REPS; rep++) {
      const order = rotate(sides, rep);
      for (const side of order) await runSide(side, true);
      log(
        `   ${mode}: rep ${rep + 1}/${REPS} ${order.map((s) => `${s} ${round(times[s]?.at(-1) ?? 0)} ms`).join(', ')}`,
      );
    }
    if (tableCounts.size !== 1)
      throw new Error(`the sides left different numbers of tables: ${[...tableCounts].join(', ')}`);
    const ref = median(times[target.referenceName] ?? []);
    const cli = median(times['strata-cli'] ?? []);
    const inproc = median(times['strata-in-process'] ?? []);
    // Each repetition runs every side back to back: the ratio within a repetition is less
    // exposed to load that comes and goes than the ratio of medians (reported for comparison).
    const paired = (side: Side): number =>
      round(median((times[side] ?? []).map((t, i) => t / (times[target.referenceName]?.[i] ?? Number.NaN))), 3);
    const common = {
      revisions: steps.length,
      statementsPerRun: project.statements,
      repetitions: REPS,
      medianOfPairedRatios: { 'strata-cli': paired('strata-cli'), 'strata-in-process': paired('strata-in-process') },
      loadAverage: { before: round(loadBefore, 2), after: round(load1(), 2) },
      // The client process's own CPU (the database server's work is the same for every side).
      clientCpuMedianMs: Object.fromEntries(Object.entries(cpuTimes).map(([k, v]) => [k, round(median(v))])),
      userTablesAfter: [...tableCounts][0],
      samplesMs: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, v.map((x) => round(x))])),
      project: describeProject(project),
    };
    results.push({
      name: `upgrade head, ${revisions}, ${label}, ${mode}: strata CLI vs ${target.referenceName}`,
      value: round(cli),
      unit: 'ms',
      budget: `≤ ${budget}× ${target.referenceName}`,
      anchor: { name: `${target.referenceName} on the offline script (${mode})`, value: round(ref), unit: 'ms' },
      ratio: round(cli / ref, 3),
      pass: cli / ref <= budget,
      details: common,
    });
    results.push({
      name: `upgrade head, ${revisions}, ${label}, ${mode}: runMigration in-process vs ${target.referenceName}`,
      value: round(inproc),
      unit: 'ms',
      budget: 'none (informational: no process start, project already loaded)',
      anchor: { name: `${target.referenceName} on the offline script (${mode})`, value: round(ref), unit: 'ms' },
      ratio: round(inproc / ref, 3),
      pass: true,
      informational: true,
      details: { medianOfPairedRatios: paired('strata-in-process') },
    });
    log(
      `   ${mode}: ${target.referenceName} ${round(ref)} ms, ` +
        `strata CLI ${round(cli)} ms (×${round(cli / ref, 2)}), ` +
        `in-process ${round(inproc)} ms (×${round(inproc / ref, 2)}); ` +
        `client CPU ${JSON.stringify(common.clientCpuMedianMs)}`,
    );
  }
}

async function benchDowngrade(server: BenchServer): Promise<void> {
  log(`4. PostgreSQL: generating a ${SIZES.downgrade}-revision project`);
  const project = generateProject('postgres', SIZES.downgrade, 3, tempDir('strata-bench-down-'));
  const { map } = loadProject(project.dir);
  const up = planUpgrade(map, new Set(), 'heads');
  const scriptPath = join(tempDir('strata-bench-script-'), 'setup.sql');
  writeFileSync(
    scriptPath,
    renderOfflineScript(map, {
      sql: dialectSql('postgres'),
      tables: TABLES,
      from: new Set(),
      steps: up,
      identity: defaultIdentity(),
      title: 'upgrade heads',
    }),
  );
  const all = map.ancestors(map.heads);
  const expectedSteps = planDowngrade(map, all, 'base').length;

  for (const single of [false, true]) {
    const mode = single ? 'single-transaction' : 'per-revision';
    const db = await server.createDatabase();
    try {
      log(`   ${mode}: setting up ${up.length} applied revisions (psql, per-revision script)`);
      must(await timeProcess(PSQL, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', scriptPath, db.url]), 'psql setup');
      log(`   ${mode}: strata downgrade base`);
      const run = await timeProcess(process.execPath, cliArgs(project.dir, db.url, ['downgrade', 'base'], single), {
        cwd: ROOT,
      });
      const state = await server.admin(async (c) => {
        const version = (await c.query<{ version_num: string }>('SELECT version_num FROM strata_version')).rows.length;
        const tables = Number(
          (await c.query<{ n: string }>("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'")).rows[0]?.n,
        );
        return { versionRows: version, userTables: tables - 2 };
      }, db.name);
      const completed = run.code === 0 && state.versionRows === 0 && state.userTables === 0;
      const outOfLocks = /out of shared memory|max_locks_per_transaction/i.test(run.stderr);
      const error = run.code === 0 ? null : run.stderr.trim().split('\n').slice(0, 3).join(' ');
      log(
        `   ${mode}: ${completed ? 'completed' : 'did not complete'} ` +
          `in ${round(run.ms)} ms${error ? `: ${error}` : ''}`,
      );
      results.push({
        name: `downgrade base, ${SIZES.downgrade.toLocaleString('en')} revisions, PostgreSQL, ${mode} (strata CLI)`,
        value: completed ? round(run.ms) : null,
        unit: 'ms',
        budget: single
          ? 'none (informational: Alembic’s single-transaction default runs out of lock slots here)'
          : 'completes',
        anchor: null,
        ratio: null,
        pass: single ? true : completed,
        ...(single ? { informational: true } : {}),
        details: {
          outcome: completed
            ? 'completed'
            : outOfLocks
              ? 'ran out of lock slots (max_locks_per_transaction)'
              : 'failed',
          exitCode: run.code,
          elapsedMs: round(run.ms),
          error,
          steps: expectedSteps,
          stateAfter: state,
          project: describeProject(project),
        },
      });
    } finally {
      await server.dropDatabase(db.name);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Machine, settings, report

function firstLine(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8' }).trim().split('\n')[0] ?? '';
  } catch (error) {
    return `unavailable (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  }
}

async function machine(server: BenchServer | undefined): Promise<Record<string, unknown>> {
  const sqliteCheck = join(tempDir('strata-bench-pragma-'), 'check.sqlite');
  const lib = new Database(sqliteCheck);
  const libSettings = {
    version: (lib.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
    synchronous: lib.pragma('synchronous', { simple: true }),
    journalMode: lib.pragma('journal_mode', { simple: true }),
  };
  lib.close();
  const cliAll = execFileSync(SQLITE3, [sqliteCheck, 'PRAGMA synchronous; PRAGMA journal_mode;'], { encoding: 'utf8' })
    .trim()
    .split('\n');
  let fs = 'unknown';
  try {
    const type = statfsSync(tmpdir()).type;
    const known: Record<number, string> = {
      0xef53: 'ext4',
      0x01021994: 'tmpfs',
      0x794c7630: 'overlayfs',
      0x58465342: 'xfs',
      0x9123683e: 'btrfs',
    };
    fs = known[type] ?? `type 0x${type.toString(16)}`;
  } catch {
    // statfs is not everywhere
  }
  const cpu = cpus();
  const info: Record<string, unknown> = {
    date: new Date().toISOString(),
    host: hostname(),
    platform: `${platform()} ${release()}`,
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? 'unknown',
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    loadAverageAtStart: loadavg().map((x) => round(x, 2)),
    tmpdir: tmpdir(),
    tmpdirFilesystem: fs,
    psql: firstLine(PSQL, ['--version']),
    sqlite3Cli: firstLine(SQLITE3, ['--version']),
    sqlite3CliSettings: { synchronous: cliAll[0], journalMode: cliAll[1] },
    betterSqlite3: libSettings,
  };
  if (server) {
    info.postgres = await server.admin(async (c) => {
      const show = async (name: string): Promise<string> =>
        (await c.query<Record<string, string>>(`SHOW ${name}`)).rows[0]?.[name] ?? '?';
      return {
        version: (await c.query<{ v: string }>('SELECT version() AS v')).rows[0]?.v,
        fsync: await show('fsync'),
        synchronous_commit: await show('synchronous_commit'),
        wal_sync_method: await show('wal_sync_method'),
        full_page_writes: await show('full_page_writes'),
        max_connections: await show('max_connections'),
        max_locks_per_transaction: await show('max_locks_per_transaction'),
      };
    });
  }
  return info;
}

function markdown(report: {
  command: string;
  machine: Record<string, unknown>;
  results: readonly BenchResult[];
  totalSeconds: number;
}): string {
  const m = report.machine;
  const pgInfo = (m.postgres ?? {}) as Record<string, unknown>;
  const lib = m.betterSqlite3 as Record<string, unknown>;
  const cliSettings = m.sqlite3CliSettings as Record<string, unknown>;
  const cell = (v: unknown): string => (v === null || v === undefined ? '—' : String(v));
  const rows = report.results.map((r) => {
    const value = r.value === null ? 'did not complete' : `${r.value.toLocaleString('en')} ${r.unit}`;
    const anchor = r.anchor ? `${r.anchor.value.toLocaleString('en')} ${r.anchor.unit}` : '—';
    const verdict = r.informational
      ? `info${r.details?.outcome ? `: ${String(r.details.outcome)}` : ''}`
      : r.pass
        ? '**pass**'
        : '**FAIL**';
    return `| ${r.name} | ${value} | ${anchor} | ${cell(r.ratio)} | ${r.budget} | ${verdict} |`;
  });
  const cpuRows = report.results.flatMap((r) => {
    const cpu = r.details?.clientCpuMedianMs as Record<string, number> | undefined;
    const paired = r.details?.medianOfPairedRatios as Record<string, number> | undefined;
    const load = r.details?.loadAverage as { before: number; after: number } | undefined;
    if (!cpu || !paired) return [];
    const ref = Object.keys(cpu).find((k) => k === 'psql' || k === 'sqlite3') ?? '';
    const name = r.name
      .replace(/^upgrade head, [\d,]+ (one-statement )?revisions, /, '$1')
      .replace(/: strata CLI vs .*$/, '');
    return [
      `| ${name} | ${cell(cpu[ref])} ms | ${cell(cpu['strata-cli'])} ms | ` +
        `${cell(cpu['strata-in-process'])} ms | ${cell(paired['strata-cli'])} | ` +
        `${cell(paired['strata-in-process'])} | ${load ? `${load.before} → ${load.after}` : '—'} |`,
    ];
  });
  const loads = report.results.flatMap((r) => {
    const load = r.details?.loadAverage;
    if (typeof load === 'number') return [load];
    if (load && typeof load === 'object') return Object.values(load as Record<string, number>);
    return typeof r.details?.loadAverageBefore === 'number' ? [r.details.loadAverageBefore] : [];
  });
  const busiest = Math.max(0, ...loads, ...((m.loadAverageAtStart as number[] | undefined) ?? []).slice(0, 1));
  const busy = busiest > Number(m.cpus) * 0.75;
  return [
    '# Benchmark results',
    '',
    `Command: \`${report.command}\` (from the repository root; ` +
      `\`npm run -s bench > results.json\` for the JSON alone). Generated by bench/run.ts; do not edit by hand.`,
    '',
    `Date: ${String(m.date)}. Total bench time: ${report.totalSeconds} s.`,
    '',
    `Machine: ${String(m.cpus)} × ${String(m.cpuModel)}, ` +
      `${String(m.memoryGiB)} GiB, ${String(m.platform)}; Node ${String(m.node)}; ` +
      `PostgreSQL server ${cell(pgInfo.version)}; ${String(m.psql)}; ` +
      `sqlite3 shell ${String(m.sqlite3Cli).split(' ')[0]}; better-sqlite3 with SQLite ${String(lib.version)}.`,
    '',
    `Machine state: 1-, 5- and 15-minute load averages ` +
      `${((m.loadAverageAtStart as number[] | undefined) ?? []).join(' / ')} at the start, ` +
      `${((m.loadAverageAtEnd as number[] | undefined) ?? []).join(' / ')} at the end (on ` +
      `${String(m.cpus)} CPUs)${m.note ? `; ${String(m.note)}` : ''}.`,
    '',
    '| benchmark | value (median) | anchor (median) | ratio | budget | result |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    'Ratio: value ÷ anchor when there is an anchor, otherwise value ÷ the budget’s limit.',
    '',
    ...(busy
      ? [
          `**The machine was busy during this run** (1-minute load average up to ${round(busiest, 1)} on ` +
            `${String(m.cpus)} CPUs: other work shared the CPUs and the disk), ` +
            `so wall-clock figures are noisier than usual and ratios may be off by more than their usual spread; ` +
            `the client CPU times and paired ratios below are less exposed to that.`,
          '',
        ]
      : []),
    '### Upgrade runs in detail',
    '',
    'Client CPU is the median CPU time (user + system) ' +
      'of the client process alone (psql / sqlite3 / the strata CLI, ' +
      'measured with GNU time) or of the bench process for the in-process run; ' +
      'the database server’s own work is the same for every side. Paired ratio: ' +
      'the median over repetitions of strata ÷ reference within the same repetition.',
    '',
    '| run | reference client CPU | strata CLI CPU | in-process CPU | paired ' +
      'ratio CLI | paired ratio in-process | load average before → after |',
    '|---|---|---|---|---|---|---|',
    ...cpuRows,
    '',
    '## Method',
    '',
    `- **Load + plan**: a generated project (mostly linear, branches forking off and merging back, ` +
      `a few branch labels and depends-on edges; 1–3 DDL statements per file) ` +
      `is loaded with \`loadProject\` and planned with \`planUpgrade(map, ∅, 'heads')\`, ` +
      `in one process, after 3 warm-up runs; the median of the repetitions is reported. Two ways: ` +
      `through the load cache (\`.strata/load-cache.bin\` beside strata.json: one stat per file, ` +
      `and a file is read and parsed again only when its size, inode, ` +
      `mtime or ctime changed or it may have changed in the clock tick the cache was written — ` +
      `git's racily clean rule), which is every load after the first and the budgeted figure; ` +
      `and without it (readdir, reading and parsing every file), the first load after a clone, ` +
      `for information. Both validate the whole graph. ` +
      `Checksums are hashed only when first asked for. The files are in the page cache (warm), ` +
      `as on a developer machine that just ran the tool; \`strata check\` always reads every file.`,
    `- **Upgrade**: a generated ${SIZES.upgrade.toLocaleString('en')}-revision project with a single head (each ` +
      `revision creates a table with an index, or adds a column with an index, or adds a column and updates it; ` +
      `merge revisions are empty), and the same graph with one statement per revision (CREATE TABLE, ` +
      `ADD COLUMN or CREATE INDEX; merges empty), where a runner's fixed cost per revision weighs most. ` +
      `The anchor is the reference shell (\`psql -X -q -v ON_ERROR_STOP=1 -f SCRIPT URL\` / \`sqlite3 -bail FILE ` +
      `".read SCRIPT"\`) running the plan’s own offline script from \`renderOfflineScript\`, ` +
      `which has the same statements and transaction boundaries as the online run (BEGIN…COMMIT per revision, ` +
      `or one BEGIN…COMMIT with --single-transaction) and the same version-table and history statements. ` +
      `The Strata side is the CLI, \`strata --project DIR --url URL upgrade head [--single-transaction]\`, ` +
      `timed from spawn to exit, so both sides pay process start (Strata also pays loading and planning the ` +
      `project). It runs as the esbuild bundle that \`npm run build\` makes and bin/strata.js uses while it is ` +
      `fresh (scripts/build-cli.mjs), built by the bench from the current sources with the same options, ` +
      `so the figure does not depend on the state of dist/cli nor fall back to tsx when a source file is edited ` +
      `during the run; the process-start rows show what the tsx fallback would add. ` +
      `Every measured run gets a fresh database (CREATE DATABASE / a new file), ` +
      `is checked afterwards (version table at the head, one history row per revision, ` +
      `the same number of tables on every side), then dropped. ` +
      `Each side runs ${REPS} time${REPS === 1 ? '' : 's'} per mode after one warm-up run per dialect, ` +
      `in rotated order so that each side runs first, middle and last; medians are compared. ` +
      `The in-process figure is \`connect\` + \`runMigration\` + \`close\` in the bench process (project already ` +
      `loaded), for information. On PostgreSQL Strata pipelines each revision’s BEGIN, statements, version row, ` +
      `history row and COMMIT in one round trip (per revision; ` +
      `the history row’s duration is then timed by the server, since BEGIN), ` +
      `where psql sends each statement of the script on its own: the same statements and transactions, ` +
      `in fewer round trips. An online CLI run does without V8’s optimizing compiler (electron/cli/short-run.ts).`,
    `- **Durability is the same on both sides**: PostgreSQL runs with its defaults (fsync=${cell(pgInfo.fsync)}, ` +
      `synchronous_commit=${cell(pgInfo.synchronous_commit)}, wal_sync_method=${cell(pgInfo.wal_sync_method)}) ` +
      `and both sides talk to the same server over TCP on 127.0.0.1; ` +
      `for SQLite both the sqlite3 shell (synchronous=${cell(cliSettings.synchronous)}, ` +
      `journal_mode=${cell(cliSettings.journalMode)}) and better-sqlite3 (synchronous=${cell(lib.synchronous)}, ` +
      `journal_mode=${cell(lib.journalMode)}) write files in the same folder (${String(m.tmpdir)}, ` +
      `${String(m.tmpdirFilesystem)}).`,
    `- **Downgrade**: a generated ${SIZES.downgrade.toLocaleString('en')}-revision project is applied with ` +
      `psql (per-revision script, not timed), then \`strata downgrade base\` is timed once as a process; ` +
      `it passes if it exits 0 and leaves no version rows and no user tables. ` +
      `The same with \`--single-transaction\` is informational: ` +
      `with PostgreSQL’s default max_locks_per_transaction=${cell(pgInfo.max_locks_per_transaction)} (× ` +
      `max_connections=${cell(pgInfo.max_connections)} lock slots shared by the server) ` +
      `one transaction that drops thousands of tables, indexes and sequences may run out of lock slots, ` +
      `which is why Strata’s default is one transaction per revision.`,
    '- **`strata heads` whole process**: `node bin/strata.js --project DIR heads` on a ' +
      'generated 10-revision project, timed from spawn to exit after one unmeasured run, ' +
      'median of 11: the freshness check of dist/cli (one stat per bundled source, ' +
      'scripts/cli-stamp.cjs), the bundle, loading the project, the output.',
    '- **Offline SQL** (bench/offline.ts): `strata --project DIR upgrade heads --sql > FILE` against `strata ' +
      '--project DIR heads > FILE` (the bundle, as above), whole processes from spawn to exit, ' +
      'on a generated 10,000-revision project (the load project’s shape: branches, merges, labels, ' +
      'depends-on) and on a project of one base and 5,000 one-revision branches on top of it (5,000 heads: ' +
      'the version table grows from one row to 5,000 during the script). ' +
      'Both load the project through its load cache (written by an unmeasured first run of each); ' +
      'the sides alternate, 7 repetitions, medians compared (the median of the ratios within a repetition is ' +
      'in the JSON). Each run is checked: the script has one step per revision, `heads` prints every head.',
    '- **Studio** (bench/studio): graph first paint and scrolling at 10,000 and 50,000 revisions in headless ' +
      'Chromium through `strata serve`; the bridge’s event loop while a ~10 s SQLite migration runs and ' +
      'while a 10,000-revision project is linted (lint.project, answered by the lint worker); ' +
      'the relint of an edited revision (revision.save, then lint.revision timed); ' +
      'launch to a usable window. Each result’s `note` in the JSON says exactly how it was measured.',
    '- **Lint**: generated migration files (bench/lint/corpus.ts: the statements teams write, ' +
      'risky and safe) linted by `strata lint FILES… --json --pg-version=18` (the bundle, ' +
      'as above) and by squawk’s native binary (`squawk --pg-version=18 --reporter=json FILES…`, ' +
      'npm package @squawk-cli/linux-x64), each over a small corpus and one ten times larger, ' +
      'sides and corpora alternated, medians of the repetitions. The budget row is throughput: ' +
      'the extra statements of the large corpus over the extra time they took, ' +
      'so that each side’s fixed start-up cost cancels; the process rows show each whole process, ' +
      'start-up included, on the small corpus (the fixed cost) ' +
      'and on the large one (1,000 files by default: DESIGN.md’s “1,000 files ≤ 1 s”, one history). ' +
      'The start-up row times `strata lint` over one file against a bare `node -e 0`, alternated in the same run ' +
      '(budget ≤ 2.5×); the studio’s relint row above is the third lint budget.',
    '- The JSON printed on stdout has every sample and the settings above.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const started = performance.now();
  let server: BenchServer | undefined;
  let info: Record<string, unknown>;
  try {
    if (ONLY.has('load')) {
      benchLoad();
      await benchHeadsProcess();
    }
    log('bundling the CLI from the current sources');
    const bundle = await buildCliBundle(ROOT);
    CLI = bundle.entry;
    cleanups.push(bundle.remove);
    log('starting embedded PostgreSQL');
    server = await startServer();
    info = await machine(server);
    if (ONLY.has('postgres') || ONLY.has('sqlite')) await benchStartup();
    for (const oneStatement of [false, true]) {
      if (ONLY.has('postgres')) await benchUpgrade(pgTarget(server), oneStatement);
      if (ONLY.has('sqlite')) await benchUpgrade(sqliteTarget(), oneStatement);
    }
    if (ONLY.has('downgrade')) await benchDowngrade(server);
    if (ONLY.has('offline'))
      results.push(
        ...(await benchOffline({ cli: CLI, root: ROOT, reps: QUICK ? 1 : 7, quick: QUICK, tempDir, load1 })),
      );
    if (ONLY.has('autogen'))
      results.push(
        ...(await benchAutogen({ cli: CLI, root: ROOT, reps: QUICK ? 1 : REPS, quick: QUICK, server, tempDir, load1 })),
      );
    if (ONLY.has('locks'))
      results.push(...(await (await import('./lock-estimates.ts')).runLockEstimateBenchmarks(server)));
    if (server) await server.stop().catch((error: unknown) => log(`stopping PostgreSQL: ${String(error)}`));
    server = undefined;
    // The studio's budgets (bench/studio) and lint against squawk (bench/lint), in the same run.
    if (ONLY.has('studio')) results.push(...(await (await import('./studio/index.ts')).runStudioBenchmarks()));
    if (ONLY.has('lint')) results.push(...(await (await import('./lint/lint-bench.ts')).runLintBenchmarks(CLI)));
  } finally {
    if (server) await server.stop().catch((error: unknown) => log(`stopping PostgreSQL: ${String(error)}`));
    removeTimeFiles();
    for (const cleanup of cleanups) {
      try {
        cleanup();
      } catch {
        // best effort
      }
    }
  }
  const totalSeconds = round((performance.now() - started) / 1000, 0);
  const command = QUICK ? 'BENCH_QUICK=1 npm run bench' : 'npm run bench';
  // How busy the machine was: the load average at the start and the end, and what the person
  // running the bench knows of it (BENCH_NOTE, e.g. "other test suites ran meanwhile").
  info.loadAverageAtEnd = loadavg().map((x) => round(x, 2));
  if (process.env.BENCH_NOTE) info.note = process.env.BENCH_NOTE;
  const report = {
    command,
    quick: QUICK,
    machine: info,
    results,
    allPassed: results.every((r) => r.pass),
    totalSeconds,
  };
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  // BENCH_MARKDOWN=PATH writes the report there whatever the run (to check a partial run's page).
  const out = process.env.BENCH_MARKDOWN ?? (FULL ? join(ROOT, 'bench', 'RESULTS.md') : undefined);
  if (out !== undefined) writeFileSync(out, markdown(report));
  else log('partial or quick run: bench/RESULTS.md not written');
}

await main();

// Reliability promise: a runner killed mid-run (SIGKILL) or cut off leaves the database at the
// revision before or after the step, never in between, and the version table says which; the
// next run finishes the job and applies every revision exactly once. Checked with real
// strata processes killed at spread-out moments, and in-process at every call a revision
// makes. Also: a broken statement stops the CLI with exit 3 and a message naming revision,
// file, line and statement; a closed stdout (`| head`) neither crashes nor stops a run.
// Each on a SQLite file and on PostgreSQL.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exit-codes.ts';
import { connect, parseDatabaseUrl } from '../../electron/engine/dialects/registry.ts';
import { planUpgrade, type Applied } from '../../electron/engine/graph/plan.ts';
import { loadProject } from '../../electron/engine/project/project.ts';
import { runMigration } from '../../electron/engine/runner/runner.ts';
import { createDatabase, type DialectName, type TestDatabase } from '../support/databases.ts';
import { chain, type RevisionSpec } from '../support/projects.ts';
import {
  appliedCount,
  databasePerTest,
  expectedState,
  inspect,
  killLeftovers,
  PausableConnection,
  removeProjects,
  REPO_DIR,
  PROGRESS_PER_REVISION,
  revisionId,
  sleep,
  spawnStrata,
  TABLES,
  tempProject,
  waitForOtherSessionsToEnd,
  workload,
  type DatabaseState,
  type StrataProcess,
} from './harness.ts';

const REVISIONS = 30;

/**
 * Where each kill lands: `afterSteps` revisions committed by this run (counted from its
 * output), then `fraction` of one revision's duration. `spawn` kills count from the start of
 * the process instead, `fraction` of the time it takes to start (startup, connecting,
 * creating Strata's tables): measured, as a fixed delay would land after a dozen revisions
 * on a fast machine. The database carries over from one kill to the next, so successive
 * kills land in successive revisions.
 */
type KillPoint =
  | { readonly from: 'spawn'; readonly fraction: number }
  | { readonly from: 'step'; readonly afterSteps: number; readonly fraction: number };

const KILL_POINTS: readonly KillPoint[] = [
  { from: 'spawn', fraction: 0.6 },
  { from: 'step', afterSteps: 0, fraction: 0 },
  { from: 'step', afterSteps: 1, fraction: 0.15 },
  { from: 'step', afterSteps: 3, fraction: 0.05 },
  { from: 'step', afterSteps: 2, fraction: 0.5 },
  { from: 'spawn', fraction: 1 },
  { from: 'step', afterSteps: 1, fraction: 0.65 },
  { from: 'step', afterSteps: 4, fraction: 0.25 },
  { from: 'step', afterSteps: 0, fraction: 0.85 },
  { from: 'step', afterSteps: 2, fraction: 0.95 },
  { from: 'step', afterSteps: 1, fraction: 1.2 },
  { from: 'step', afterSteps: 3, fraction: 0.7 },
];

/** Steps this run committed, in either direction. */
const appliedLines = (stdout: string): number =>
  stdout.split('\n').filter((l) => l.startsWith('✓ upgrade') || l.startsWith('✓ downgrade')).length;
const planned = (stdout: string): boolean => / steps? to (upgrade|downgrade) |nothing to do/.test(stdout);

interface KillOutcome {
  /** The runner ended before the kill (it had nothing left to do). */
  readonly finished: boolean;
  /** Milliseconds between two step lines of this run, for the next kill's timing. */
  readonly stepGaps: readonly number[];
  /** Milliseconds from spawn to the first step line, when there was one. */
  readonly firstStepMs: number | undefined;
}

async function runAndKill(
  args: readonly string[],
  point: KillPoint,
  revisionMs: number,
  startupMs: number,
): Promise<KillOutcome> {
  const spawnedAt = performance.now();
  const proc: StrataProcess = spawnStrata(args);
  const stepTimes: number[] = [];
  let seen = 0;
  const tick = (stdout: string): void => {
    const n = appliedLines(stdout);
    while (seen < n) {
      seen++;
      stepTimes.push(performance.now());
    }
  };
  let reached: boolean;
  if (point.from === 'spawn') {
    await sleep(point.fraction * startupMs);
    reached = proc.child.exitCode === null;
  } else {
    reached = await proc.waitForStdout((stdout) => {
      tick(stdout);
      return planned(stdout) && appliedLines(stdout) >= point.afterSteps;
    });
    if (reached) await sleep(point.fraction * revisionMs);
  }
  proc.child.kill('SIGKILL');
  const exit = await proc.exited;
  tick(proc.stdout());
  const finished = exit.signal !== 'SIGKILL';
  if (finished) expect(exit.code, `the runner failed on its own:\n${proc.stderr()}`).toBe(EXIT.ok);
  expect(reached || finished, `the runner ended before the kill point:\n${proc.stderr()}`).toBe(true);
  const first = stepTimes[0];
  return {
    finished,
    stepGaps: stepTimes.slice(1).map((t, i) => t - (stepTimes[i] as number)),
    firstStepMs: first === undefined ? undefined : first - spawnedAt,
  };
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`SIGKILL of the runner on ${dialect}`, () => {
    let db: TestDatabase | undefined;
    afterEach(async () => {
      await killLeftovers();
      removeProjects();
      if (dialect === 'postgres' && db) await waitForOtherSessionsToEnd(db.url).catch(() => {});
      await db?.drop();
      db = undefined;
    });

    it(
      `leaves the schema matching the version table at ${KILL_POINTS.length} kill points, ` +
        `then the next run applies each revision exactly once`,
      { timeout: 120_000 },
      async () => {
        db = await createDatabase(dialect);
        const url = db.url;
        const project = tempProject(
          dialect,
          workload(dialect, REVISIONS, { progressSequence: dialect === 'postgres' }),
        );
        if (dialect === 'postgres') await adminExec(url, 'CREATE SEQUENCE kill_progress');
        const args = ['--project', project, '--url', url, 'upgrade', 'head'];
        const ids = Array.from({ length: REVISIONS }, (_, i) => revisionId(i));

        let revisionMs = dialect === 'sqlite' ? 40 : 100;
        // Spawn to the first revision's start; the first guess is refined by every run.
        let startupMs = 250;
        let applied = 0;
        let progress = 0;
        let stepKills = 0;
        let insideRevision = 0;
        const landedAt = new Set<number>();
        for (const [k, point] of KILL_POINTS.entries()) {
          const outcome = await runAndKill(args, point, revisionMs, startupMs);
          const gaps = outcome.stepGaps;
          if (gaps.length > 0) revisionMs = (revisionMs + gaps.reduce((a, b) => a + b, 0) / gaps.length) / 2;
          if (outcome.firstStepMs !== undefined)
            startupMs = (startupMs + Math.max(50, outcome.firstStepMs - revisionMs)) / 2;

          // A hot journal left behind (SQLite) or a sequence moved by statements no committed
          // revision accounts for (PostgreSQL): this kill landed inside a revision. PostgreSQL
          // is read once the killed runner's session is gone, so that nothing moves meanwhile.
          const hotJournal = dialect === 'sqlite' && existsSync(`${url}-journal`);
          if (dialect === 'postgres') await waitForOtherSessionsToEnd(url);
          const state = await inspect(dialect, url);
          const count = appliedCount(state.versionRows, REVISIONS);
          let inside = hotJournal;
          if (dialect === 'postgres') {
            const now = await sequenceCalls(url);
            inside = now - progress > (count - applied) * PROGRESS_PER_REVISION;
            progress = now;
          }

          const context = `kill point ${k} (${JSON.stringify(point)}): version table at ${count}`;
          expect(count, context).toBeGreaterThanOrEqual(applied);
          const { versionRows, tables, indexes, appliedLog } = state;
          expect({ versionRows, tables, indexes, appliedLog }, context).toEqual(expectedState(dialect, count));
          expect(state.history, context).toEqual(ids.slice(0, count).map((id) => `${id} upgrade applied`));
          applied = count;
          landedAt.add(count);
          if (point.from === 'step' && !outcome.finished) {
            stepKills++;
            if (inside) insideRevision++;
          }
        }
        // The kills were spread out: in several different revisions, mostly mid-revision.
        expect(applied, 'the kills left revisions for the last run').toBeLessThan(REVISIONS);
        expect(landedAt.size).toBeGreaterThanOrEqual(8);
        expect(
          insideRevision,
          `${insideRevision} of ${stepKills} kills landed inside a revision`,
        ).toBeGreaterThanOrEqual(Math.ceil(stepKills / 3));

        const last = spawnStrata(args);
        const exit = await last.exited;
        expect(exit.code, last.stderr()).toBe(EXIT.ok);
        expect(appliedLines(last.stdout())).toBe(REVISIONS - applied);
        const final = await inspect(dialect, url);
        const { versionRows, tables, indexes, appliedLog } = final;
        expect({ versionRows, tables, indexes, appliedLog }).toEqual(expectedState(dialect, REVISIONS));
        // Exactly one applied upgrade per revision, in order, and nothing else: a killed
        // revision leaves no row, not even a failed one.
        expect(final.history).toEqual(ids.map((id) => `${id} upgrade applied`));
      },
    );
  });
}

// The same promise for a downgrade: killed at spread-out moments while it takes the workload
// back down to base, the database is always at a revision, with exactly the tables of the
// revisions still applied, and each downgrade ran once (downgrade_log, the test's own table).
const DOWNGRADE_KILLS: readonly KillPoint[] = [
  { from: 'step', afterSteps: 0, fraction: 0.3 },
  { from: 'step', afterSteps: 1, fraction: 0.5 },
  { from: 'spawn', fraction: 0.8 },
  { from: 'step', afterSteps: 2, fraction: 0.1 },
  { from: 'step', afterSteps: 1, fraction: 0.9 },
  { from: 'step', afterSteps: 3, fraction: 0.6 },
];

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`SIGKILL of a downgrade on ${dialect}`, () => {
    const databases = databasePerTest(dialect);

    it(
      `leaves the schema matching the version table at ${DOWNGRADE_KILLS.length} kill points, ` +
        `then the next run takes each revision back exactly once`,
      { timeout: 120_000 },
      async () => {
        const n = 16;
        const db = await databases.create();
        const url = db.url;
        const project = tempProject(dialect, workload(dialect, n, { slowDowngrade: true }));
        const up = spawnStrata(['--project', project, '--url', url, 'upgrade', 'head']);
        expect((await up.exited).code, up.stderr()).toBe(EXIT.ok);
        await adminExec(url, 'CREATE TABLE downgrade_log (rev VARCHAR(32) NOT NULL)', dialect);
        const args = ['--project', project, '--url', url, 'downgrade', 'base'];

        let revisionMs = 40;
        let startupMs = 250;
        let remaining = n;
        const landedAt = new Set<number>();
        for (const [k, point] of DOWNGRADE_KILLS.entries()) {
          const outcome = await runAndKill(args, point, revisionMs, startupMs);
          const gaps = outcome.stepGaps;
          if (gaps.length > 0) revisionMs = (revisionMs + gaps.reduce((a, b) => a + b, 0) / gaps.length) / 2;
          if (outcome.firstStepMs !== undefined)
            startupMs = (startupMs + Math.max(50, outcome.firstStepMs - revisionMs)) / 2;
          if (dialect === 'postgres') await waitForOtherSessionsToEnd(url);
          const state = await inspect(dialect, url);
          const count = appliedCount(state.versionRows, n);
          const context = `kill point ${k} (${JSON.stringify(point)}): version table at ${count}`;
          expect(count, context).toBeLessThanOrEqual(remaining);
          expect(state, context).toEqual(downgradedState(dialect, n, count));
          remaining = count;
          landedAt.add(count);
        }
        expect(remaining, 'the kills left revisions for the last run').toBeGreaterThan(0);
        expect(landedAt.size).toBeGreaterThanOrEqual(4);

        const last = spawnStrata(args);
        expect((await last.exited).code, last.stderr()).toBe(EXIT.ok);
        expect(appliedLines(last.stdout())).toBe(remaining);
        expect(await inspect(dialect, url)).toEqual(downgradedState(dialect, n, 0));
      },
    );
  });
}

/** The workload of n revisions fully applied, then taken back down to `applied` revisions. */
function downgradedState(dialect: DialectName, n: number, applied: number): DatabaseState {
  const ids = Array.from({ length: n }, (_, i) => revisionId(i));
  const up = expectedState(dialect, applied);
  return {
    ...up,
    tables: { ...up.tables, downgrade_log: n - applied },
    history: [
      ...ids.map((id) => `${id} upgrade applied`),
      ...ids
        .slice(applied)
        .reverse()
        .map((id) => `${id} downgrade applied`),
    ],
  };
}

// The same promise, checked at every boundary instead of at random moments: the runner is
// held before each call it makes to the database in turn (BEGIN, each statement, the
// version-table change, the history row, COMMIT) and cut off there. PostgreSQL: its backend
// is terminated (a lost connection). SQLite: the file and its journal are copied as they are
// on disk at that moment, which is what SIGKILL would leave, and the copy is opened.
for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`cut off at every call of a revision on ${dialect}`, () => {
    let db: TestDatabase | undefined;
    afterEach(async () => {
      removeProjects();
      if (dialect === 'postgres' && db) await waitForOtherSessionsToEnd(db.url).catch(() => {});
      await db?.drop();
      db = undefined;
    });

    it('leaves the database at the revision before or after, never in between', { timeout: 120_000 }, async () => {
      db = await createDatabase(dialect);
      const url = db.url;
      const n = 3;
      const project = loadProject(tempProject(dialect, workload(dialect, n, { small: true })));
      const plan = (applied: Applied): ReturnType<typeof planUpgrade> => planUpgrade(project.map, applied, 'head');
      const ids = Array.from({ length: n }, (_, i) => revisionId(i));
      const snapshots = mkdtempSync(join(tmpdir(), 'strata-cut-'));
      let points = 0;
      try {
        for (let r = 0; r < n; r++) {
          for (let j = 0; ; j++) {
            const conn = new PausableConnection(await connect(parseDatabaseUrl(url, REPO_DIR)));
            const pid =
              dialect === 'postgres'
                ? Number((await conn.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]?.pid)
                : 0;
            let committed = false;
            const run = runMigration(conn, project.map, TABLES, {
              plan,
              onEvent: (e) => {
                // Hold the j-th call of the first pending revision; once it has committed,
                // hold the very next call instead (the next revision's BEGIN).
                if (e.type === 'step-start' && e.index === 0) conn.holdAfter(j);
                if (e.type === 'step-end' && e.index === 0) {
                  committed = true;
                  conn.holdAfter(0);
                }
              },
            });
            const outcome = await Promise.race([
              conn.held.then((what) => ({ held: what })),
              run.then(() => ({ held: undefined })),
            ]);
            let inspected: string;
            if (outcome.held === undefined) {
              // The last revision's run ended without another call to hold.
              expect(committed).toBe(true);
              inspected = url;
            } else if (dialect === 'postgres') {
              await adminExec(url, `SELECT pg_terminate_backend(${pid})`);
              await waitForOtherSessionsToEnd(url);
              inspected = url;
            } else {
              inspected = join(snapshots, `cut-${r}-${j}.sqlite`);
              copyFileSync(url, inspected);
              if (existsSync(`${url}-journal`)) copyFileSync(`${url}-journal`, `${inspected}-journal`);
            }
            // The held run ends with an error once its connection is gone (or closed).
            await conn.close();
            conn.release();
            await run.catch(() => {});
            points++;

            const expected = committed ? r + 1 : r;
            const context = `revision ${r}, cut before call ${j}: ${outcome.held ?? '(end of run)'}`;
            const state = await inspect(dialect, inspected);
            const { versionRows, tables, indexes, appliedLog } = state;
            expect({ versionRows, tables, indexes, appliedLog }, context).toEqual(
              expectedState(dialect, expected, { small: true }),
            );
            expect(state.history, context).toEqual(ids.slice(0, expected).map((id) => `${id} upgrade applied`));
            if (dialect === 'sqlite') {
              // The live file, after its connection closed mid-transaction, agrees.
              expect((await inspect(dialect, url)).versionRows, context).toEqual(state.versionRows);
            }
            if (committed) break;
          }
        }
      } finally {
        rmSync(snapshots, { recursive: true, force: true });
      }
      // Each revision has BEGIN, its statements, the version change, the history row, COMMIT.
      expect(points).toBeGreaterThanOrEqual(n * 10);
    });
  });
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`a broken statement through the CLI on ${dialect}`, () => {
    let db: TestDatabase | undefined;
    afterEach(async () => {
      await killLeftovers();
      removeProjects();
      await db?.drop();
      db = undefined;
    });

    it(
      'exits 3 naming revision, file:line and statement, with the database at the revision before',
      { timeout: 60_000 },
      async () => {
        db = await createDatabase(dialect);
        const n = 5;
        const k = 3;
        const broken = 'INSERT INTO no_such_table (id) VALUES (42)';
        const revisions: RevisionSpec[] = chain(n).map((r, i) =>
          i === k - 1
            ? {
                ...r,
                up:
                  `CREATE TABLE t${i} (id INTEGER PRIMARY KEY, v TEXT);\n` +
                  `INSERT INTO t${i} (id, v) VALUES (1, 'x');\n\n` +
                  `${broken};\nCREATE TABLE after_broken (id INTEGER);\n`,
              }
            : r,
        );
        const project = tempProject(dialect, revisions);
        const brokenRev = revisions[k - 1] as RevisionSpec;
        const file = join(project, 'versions', `${brokenRev.id}_rev.sql`);
        const line =
          readFileSync(file, 'utf8')
            .split('\n')
            .findIndex((l) => l.startsWith(broken)) + 1;
        expect(line).toBeGreaterThan(0);

        const proc = spawnStrata(['--project', project, '--url', db.url, 'upgrade', 'head']);
        const exit = await proc.exited;
        const stderr = proc.stderr();
        expect(exit.code, stderr).toBe(EXIT.database);
        expect(stderr).toContain(brokenRev.id);
        expect(stderr).toContain(`${file}:${line}`);
        expect(stderr).toContain(broken);
        expect(stderr).toMatch(/no_such_table/);
        // A message, not a crash: no stack frames.
        expect(stderr).not.toMatch(/^\s+at .+[:(]\d+:\d+\)?$/m);
        expect(stderr).not.toMatch(/Error:|node:internal/);

        const state = await inspect(dialect, db.url);
        expect(state.versionRows).toEqual([revisions[k - 2]?.id]);
        expect(Object.keys(state.tables).sort()).toEqual(['t0', 't1']);
        expect(state.history).toEqual([
          ...revisions.slice(0, k - 1).map((r) => `${r.id} upgrade applied`),
          `${brokenRev.id} upgrade failed`,
        ]);
      },
    );
  });
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`the reader of the output goes away on ${dialect}`, () => {
    let db: TestDatabase | undefined;
    afterEach(async () => {
      await killLeftovers();
      removeProjects();
      await db?.drop();
      db = undefined;
    });

    // `strata upgrade head | head -1`: the pipe closes after the first line. The run must
    // neither crash with an EPIPE stack nor stop between two revisions.
    it('finishes the run and exits 0 when stdout is closed mid-run', { timeout: 60_000 }, async () => {
      db = await createDatabase(dialect);
      const n = 20;
      const project = tempProject(dialect, workload(dialect, n));
      const proc = spawnStrata(['--project', project, '--url', db.url, 'upgrade', 'head']);
      expect(await proc.waitForStdout((stdout) => stdout.includes('✓ upgrade'))).toBe(true);
      proc.child.stdout?.destroy();
      // Closed while revisions were still to come, so there were lines left to write.
      expect(appliedLines(proc.stdout())).toBeLessThan(n - 1);
      const exit = await proc.exited;
      expect(exit, proc.stderr()).toEqual({ code: EXIT.ok, signal: null });
      expect(proc.stderr()).not.toMatch(/EPIPE|^\s+at /m);
      const state = await inspect(dialect, db.url);
      const { versionRows, tables, indexes, appliedLog } = state;
      expect({ versionRows, tables, indexes, appliedLog }).toEqual(expectedState(dialect, n));
      expect(state.history).toEqual(Array.from({ length: n }, (_, i) => `${revisionId(i)} upgrade applied`));
    });
  });
}

async function adminExec(url: string, sql: string, dialect: DialectName = 'postgres'): Promise<void> {
  if (dialect === 'sqlite') {
    const conn = await connect(parseDatabaseUrl(url, REPO_DIR));
    await conn.execute(sql).finally(() => conn.close());
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** How many times nextval('kill_progress') has been called, rolled back or not. */
async function sequenceCalls(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ last_value: string; is_called: boolean }>(
      'SELECT last_value, is_called FROM kill_progress',
    );
    const row = result.rows[0];
    return row && row.is_called ? Number(row.last_value) : 0;
  } finally {
    await client.end();
  }
}

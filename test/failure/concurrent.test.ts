// Reliability promise: four runners started at once on one database apply each revision
// exactly once. Runners queue on the run lock (SQLite: an exclusive transaction on a sidecar
// file; PostgreSQL: an advisory lock) and then find nothing left to do. Real child processes
// of the strata command, for both dialects: started cold at the same moment, and also all
// queued behind the run lock held by the test, so that the four of them are certainly
// waiting when it lets go. `stamp` takes the same lock: raced against an upgrade, it waits.
import Database from 'better-sqlite3';
import { existsSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { hostname } from 'node:os';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exit-codes.ts';
import { connect, parseDatabaseUrl } from '../../electron/engine/dialects/registry.ts';
import { planUpgrade, type Applied } from '../../electron/engine/graph/plan.ts';
import { loadProject } from '../../electron/engine/project/project.ts';
import { runMigration, type RunEvent } from '../../electron/engine/runner/runner.ts';
import { stamp } from '../../electron/engine/runner/stamp.ts';
import { createDatabase, type DialectName, type TestDatabase } from '../support/databases.ts';
import {
  expectedState,
  inspect,
  killLeftovers,
  PausableConnection,
  removeProjects,
  REPO_DIR,
  revisionId,
  sleep,
  spawnStrata,
  databasePerTest,
  until,
  tempProject,
  TABLES,
  waitForAdvisoryWaiters,
  waitForOtherSessionsToEnd,
  workload,
  type Exit,
  type StrataProcess,
} from './harness.ts';

const RUNNERS = 4;
const REVISIONS = 10;
// Three races per dialect: two with upgrade then downgrade, one with a kill (below).
const ROUNDS: readonly { readonly name: string; readonly queued: boolean }[] = [
  { name: 'started cold at once', queued: false },
  { name: 'all queued behind a held lock', queued: true },
];

interface RunnerReport {
  readonly exit: Exit;
  readonly stderr: string;
  /** Revisions this runner applied itself, from its --json events. */
  readonly applied: readonly string[];
  readonly skipped: number;
  /** The runner found the run lock taken and waited for it. */
  readonly waited: boolean;
}

interface JsonResult {
  readonly applied: number;
  readonly skipped: number;
  readonly rows: readonly string[];
  readonly events: readonly { readonly type: string; readonly revision?: string; readonly outcome?: string }[];
}

/**
 * Something that holds the run lock from outside while the runners start, so that all of
 * them are queued when it lets go: SQLite, the exclusive transaction on the sidecar file;
 * PostgreSQL, the advisory lock every Strata runner on the database takes.
 */
interface Gate {
  /** Resolves once every process is waiting for the lock. */
  allWaiting(procs: readonly StrataProcess[]): Promise<void>;
  release(): Promise<void>;
}

async function holdLock(dialect: DialectName, url: string): Promise<Gate> {
  if (dialect === 'sqlite') {
    const db = new Database(`${url}-strata-lock`);
    db.pragma('journal_mode = MEMORY');
    db.exec('BEGIN EXCLUSIVE');
    return {
      // A runner opens the lock file and then polls for the lock; SQLite offers no way to see
      // who waits, so: each process has the lock file open, plus a margin.
      allWaiting: async (procs) => {
        const deadline = Date.now() + 20_000;
        const file = realpathSync(`${url}-strata-lock`);
        const hasOpen = (pid: number | undefined): boolean => {
          try {
            return readdirSync(`/proc/${pid}/fd`).some((fd) => {
              try {
                return readlinkSync(`/proc/${pid}/fd/${fd}`) === file;
              } catch {
                return false;
              }
            });
          } catch {
            return false;
          }
        };
        if (!existsSync('/proc/self/fd')) return sleep(3000);
        while (!procs.every((p) => hasOpen(p.child.pid))) {
          if (Date.now() > deadline) throw new Error('the runners did not open the database within 20 s');
          await sleep(20);
        }
        await sleep(300);
      },
      release: async () => {
        db.exec('COMMIT');
        db.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`SELECT pg_advisory_lock(hashtext('strata:${TABLES.version}'))`);
  return {
    allWaiting: (procs) => waitForAdvisoryWaiters(url, procs.length),
    release: async () => {
      await client.query(`SELECT pg_advisory_unlock(hashtext('strata:${TABLES.version}'))`);
      await client.end();
    },
  };
}

/** Starts `count` runners at once (optionally all queued behind a held lock) and waits for all of them. */
async function race(args: readonly string[], count: number, gate?: Gate): Promise<RunnerReport[]> {
  const procs: StrataProcess[] = Array.from({ length: count }, () => spawnStrata(['--json', ...args]));
  if (gate) {
    try {
      await gate.allWaiting(procs);
    } finally {
      await gate.release();
    }
  }
  const exits = await Promise.all(procs.map((p) => p.exited));
  return procs.map((p, i) => {
    const exit = exits[i] as Exit;
    const stderr = p.stderr();
    if (exit.code !== EXIT.ok) return { exit, stderr, applied: [], skipped: 0, waited: false };
    const result = JSON.parse(p.stdout()) as JsonResult;
    const applied = result.events
      .filter((e) => e.type === 'step-end' && e.outcome === 'applied')
      .map((e) => e.revision as string);
    expect(applied.length).toBe(result.applied);
    return {
      exit,
      stderr,
      applied,
      skipped: result.skipped,
      waited: result.events.some((e) => e.type === 'lock-wait'),
    };
  });
}

function expectAllClean(reports: readonly RunnerReport[]): void {
  reports.forEach((r, i) => {
    expect(r.exit, `runner ${i} stderr:\n${r.stderr}`).toEqual({ code: EXIT.ok, signal: null });
    // No SQLITE_BUSY, no lock error, no stack: a waiting runner waits silently in --json mode.
    expect(r.stderr, `runner ${i}`).not.toMatch(/busy|locked|error|\n\s+at /i);
  });
}

/** Every revision was applied by exactly one of the runners. */
function expectEachOnce(reports: readonly RunnerReport[], ids: readonly string[]): void {
  const all = reports.flatMap((r) => r.applied).sort();
  expect(all).toEqual([...ids].sort());
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`${RUNNERS} runners at once on ${dialect}`, () => {
    let db: TestDatabase | undefined;
    afterEach(async () => {
      await killLeftovers();
      removeProjects();
      if (dialect === 'postgres' && db) await waitForOtherSessionsToEnd(db.url).catch(() => {});
      await db?.drop();
      db = undefined;
    });

    for (const round of ROUNDS) {
      it(
        `upgrade head then downgrade base apply each revision exactly once (${round.name})`,
        { timeout: 120_000 },
        async () => {
          db = await createDatabase(dialect);
          const url = db.url;
          const project = tempProject(dialect, workload(dialect, REVISIONS));
          const ids = Array.from({ length: REVISIONS }, (_, i) => revisionId(i));
          const gate = async (): Promise<Gate | undefined> => (round.queued ? holdLock(dialect, url) : undefined);

          const ups = await race(['--project', project, '--url', url, 'upgrade', 'head'], RUNNERS, await gate());
          expectAllClean(ups);
          expectEachOnce(ups, ids);
          // Under the run lock a runner plans from what the ones before it left: nothing to skip.
          expect(ups.map((r) => r.skipped)).toEqual(Array(RUNNERS).fill(0));
          if (round.queued) expect(ups.map((r) => r.waited)).toEqual(Array(RUNNERS).fill(true));
          const afterUp = await inspect(dialect, url);
          const { versionRows, tables, indexes, appliedLog } = afterUp;
          expect({ versionRows, tables, indexes, appliedLog }).toEqual(expectedState(dialect, REVISIONS));
          expect(afterUp.history).toEqual(ids.map((id) => `${id} upgrade applied`));

          // downgrade_log is the test's own table: the downgrades write into it, and it stays.
          const conn = await connect(parseDatabaseUrl(url, REPO_DIR));
          await conn.execute('CREATE TABLE downgrade_log (rev VARCHAR(32) NOT NULL)');
          await conn.close();

          const downs = await race(['--project', project, '--url', url, 'downgrade', 'base'], RUNNERS, await gate());
          expectAllClean(downs);
          expectEachOnce(downs, ids);
          if (round.queued) expect(downs.map((r) => r.waited)).toEqual(Array(RUNNERS).fill(true));
          const afterDown = await inspect(dialect, url);
          expect(afterDown.versionRows).toEqual([]);
          expect(afterDown.tables).toEqual({ downgrade_log: REVISIONS });
          expect(afterDown.indexes).toEqual([]);
          const check = await connect(parseDatabaseUrl(url, REPO_DIR));
          const logged = (await check.query<{ rev: string }>('SELECT rev FROM downgrade_log ORDER BY rev')).map(
            (r) => r.rev,
          );
          await check.close();
          expect(logged).toEqual(ids);
          expect(afterDown.history).toEqual([
            ...ids.map((id) => `${id} upgrade applied`),
            ...[...ids].reverse().map((id) => `${id} downgrade applied`),
          ]);
        },
      );
    }

    it(
      'the runner at work is killed mid-revision while three wait: they finish, each revision exactly once',
      { timeout: 120_000 },
      async () => {
        db = await createDatabase(dialect);
        const url = db.url;
        // Longer than the other rounds, so the victim is certainly still at work when killed.
        const n = 16;
        const project = tempProject(dialect, workload(dialect, n));
        const ids = Array.from({ length: n }, (_, i) => revisionId(i));
        const args = ['--project', project, '--url', url, 'upgrade', 'head'];
        const procs = Array.from({ length: RUNNERS }, () => spawnStrata(args));
        // The one that prints step lines holds the lock; the others wait (silently on SQLite,
        // with a note on stderr on PostgreSQL). Kill it inside its third revision.
        const steps = (p: StrataProcess): number =>
          p
            .stdout()
            .split('\n')
            .filter((l) => l.startsWith('✓ upgrade')).length;
        const victim = await Promise.race(
          procs.map((p) => p.waitForStdout(() => steps(p) >= 2).then((reached) => (reached ? p : undefined))),
        );
        expect(victim, 'no runner got two revisions in').toBeDefined();
        await sleep(dialect === 'sqlite' ? 15 : 40);
        victim?.child.kill('SIGKILL');
        const exits = await Promise.all(procs.map((p) => p.exited));
        const survivors = procs.filter((p) => p !== victim);
        expect(exits[procs.indexOf(victim as StrataProcess)]?.signal).toBe('SIGKILL');
        for (const p of survivors) {
          const exit = exits[procs.indexOf(p)];
          expect(exit, p.stderr()).toEqual({ code: EXIT.ok, signal: null });
          expect(p.stderr()).not.toMatch(/busy|locked|error|\n\s+at /i);
        }
        // The victim got at least two revisions in; the survivors did the rest between them.
        const byVictim = steps(victim as StrataProcess);
        const bySurvivors = survivors.reduce((sum, p) => sum + steps(p), 0);
        expect(byVictim).toBeGreaterThanOrEqual(2);
        expect(bySurvivors).toBeGreaterThanOrEqual(1);
        expect(bySurvivors).toBeLessThanOrEqual(n - byVictim);
        const state = await inspect(dialect, url);
        const { versionRows, tables, indexes, appliedLog } = state;
        expect({ versionRows, tables, indexes, appliedLog }).toEqual(expectedState(dialect, n));
        expect(state.history).toEqual(ids.map((id) => `${id} upgrade applied`));
      },
    );
  });
}

// The interleaving that concurrent processes produce only by luck, produced every time: the
// first runner has made its plan and is held between two revisions while a second one starts.
// The first holds the run lock there, so the second waits for it (and says so) and then has
// nothing left to do.
for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`a second runner while the first is held between two revisions on ${dialect}`, () => {
    const databases = databasePerTest(dialect);

    it('applies each revision exactly once', { timeout: 120_000 }, async () => {
      const db = await databases.create();
      const url = db.url;
      const n = 8;
      const k = 3;
      const project = loadProject(tempProject(dialect, workload(dialect, n)));
      const plan = (applied: Applied): ReturnType<typeof planUpgrade> => planUpgrade(project.map, applied, 'head');
      const ids = Array.from({ length: n }, (_, i) => revisionId(i));
      const first = new PausableConnection(await connect(parseDatabaseUrl(url, REPO_DIR)));
      const second = await connect(parseDatabaseUrl(url, REPO_DIR));
      try {
        const runFirst = runMigration(first, project.map, TABLES, {
          plan,
          onEvent: (e) => {
            if (e.type === 'step-start' && e.index === k) first.holdAfter(0);
          },
        });
        await Promise.race([
          first.held,
          runFirst.then(() => Promise.reject(new Error('the first runner finished without reaching the hold'))),
        ]);
        let waitedFor: RunEvent | undefined;
        const runSecond = runMigration(second, project.map, TABLES, {
          plan,
          onEvent: (e) => (waitedFor ??= e.type === 'lock-wait' ? e : undefined),
        });
        await until(() => waitedFor !== undefined, 'the second runner never said it waits');
        // It names the runner it waits for: this process, on this machine.
        expect(waitedFor).toMatchObject({ type: 'lock-wait', holder: { pid: process.pid, host: hostname() } });
        first.release();
        expect(await runFirst).toMatchObject({ applied: n, skipped: 0 });
        expect(await runSecond).toMatchObject({ applied: 0, skipped: 0, steps: [] });
      } finally {
        first.release();
        await first.close();
        await second.close();
      }
      const state = await inspect(dialect, url);
      const { versionRows, tables, indexes, appliedLog } = state;
      expect({ versionRows, tables, indexes, appliedLog }).toEqual(expectedState(dialect, n));
      expect(state.history).toEqual(ids.map((id) => `${id} upgrade applied`));
    });
  });
}

// A transactional false revision runs outside a transaction: the run lock is all that keeps a
// second runner from finding it pending and running it too.
for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`a transactional false revision on ${dialect}, with a second runner arriving while it runs`, () => {
    const databases = databasePerTest(dialect);

    it('is run once: the second runner waits for it, then finds it done', { timeout: 60_000 }, async () => {
      const db = await databases.create();
      const ids = [revisionId(0), revisionId(1), revisionId(2)];
      const project = loadProject(
        tempProject(dialect, [
          {
            id: ids[0]!,
            message: 'log',
            up: 'CREATE TABLE log (n INTEGER PRIMARY KEY, what TEXT NOT NULL);\n',
            down: 'DROP TABLE log;\n',
          },
          {
            id: ids[1]!,
            parents: [ids[0]!],
            message: 'outside a transaction',
            transactional: false,
            up: "INSERT INTO log VALUES (1, 'first');\nINSERT INTO log VALUES (2, 'second');\n",
            down: '',
          },
          { id: ids[2]!, parents: [ids[1]!], message: 'after', up: "INSERT INTO log VALUES (3, 'after');\n", down: '' },
        ]),
      );
      const plan = (applied: Applied): ReturnType<typeof planUpgrade> => planUpgrade(project.map, applied, 'head');
      const first = new PausableConnection(await connect(parseDatabaseUrl(db.url, REPO_DIR)));
      const second = await connect(parseDatabaseUrl(db.url, REPO_DIR));
      try {
        // Held between the revision's two statements: the first has run, outside any transaction.
        first.holdAt((sql) => sql.includes("'second'"));
        const runFirst = runMigration(first, project.map, TABLES, { plan });
        await first.held;
        let waited = false;
        const runSecond = runMigration(second, project.map, TABLES, {
          plan,
          onEvent: (e) => (waited ||= e.type === 'lock-wait'),
        });
        await until(() => waited, 'the second runner never said it waits');
        first.release();
        const [byFirst, bySecond] = await Promise.all([runFirst, runSecond]);
        expect(byFirst).toMatchObject({ applied: 3, skipped: 0 });
        expect(bySecond).toMatchObject({ applied: 0, skipped: 0, steps: [] });
      } finally {
        first.release();
        await first.close();
        await second.close();
      }
      const check = await connect(parseDatabaseUrl(db.url, REPO_DIR));
      try {
        expect((await check.query<{ what: string }>('SELECT what FROM log ORDER BY n')).map((r) => r.what)).toEqual([
          'first',
          'second',
          'after',
        ]);
      } finally {
        await check.close();
      }
      // The revision's 'started' row became its 'applied' row: one row each, nothing left open.
      expect((await inspect(dialect, db.url)).history).toEqual(ids.map((id) => `${id} upgrade applied`));
    });
  });
}

// `stamp` while an upgrade runs: without the run lock (SQLite, before), the stamp landed
// between two revisions, the upgrade then skipped the rest as done, and their tables were
// never created while the version table said "at heads". Now the stamp waits for the run.
for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`stamp racing upgrade on ${dialect}`, () => {
    const databases = databasePerTest(dialect);

    it(
      'in process: a stamp that arrives between two revisions waits for the upgrade to end',
      { timeout: 60_000 },
      async () => {
        const db = await databases.create();
        const n = 6;
        const project = loadProject(tempProject(dialect, workload(dialect, n, { small: true })));
        const upgrader = new PausableConnection(await connect(parseDatabaseUrl(db.url, REPO_DIR)));
        const stamper = await connect(parseDatabaseUrl(db.url, REPO_DIR));
        try {
          const upgrade = runMigration(upgrader, project.map, TABLES, {
            plan: (applied) => planUpgrade(project.map, applied, 'heads'),
            onEvent: (e) => {
              if (e.type === 'step-start' && e.index === 2) upgrader.holdAfter(0);
            },
          });
          await upgrader.held;
          let waited = false;
          let stamped = false;
          const stamping = stamp(stamper, project.map, TABLES, 'heads', false, undefined, {
            onWait: () => (waited = true),
          }).then((r) => {
            stamped = true;
            return r;
          });
          await until(() => waited, 'the stamp never waited for the upgrade');
          await sleep(200);
          expect(stamped).toBe(false);
          upgrader.release();
          expect(await upgrade).toMatchObject({ applied: n, skipped: 0 });
          // The upgrade left the database at the head: the stamp has nothing to change.
          expect(await stamping).toEqual({ before: [revisionId(n - 1)], after: [revisionId(n - 1)] });
        } finally {
          upgrader.release();
          await upgrader.close();
          await stamper.close();
        }
        const state = await inspect(dialect, db.url);
        const { versionRows, tables, indexes, appliedLog } = state;
        expect({ versionRows, tables, indexes, appliedLog }).toEqual(expectedState(dialect, n, { small: true }));
      },
    );

    for (const round of [1, 2, 3]) {
      it(
        `processes: four stamps started during an upgrade leave every table created (round ${round})`,
        { timeout: 120_000 },
        async () => {
          const db = await databases.create();
          // Long enough that the stamps start (about 0.2 s each) well before it ends.
          const n = 30;
          const project = tempProject(dialect, workload(dialect, n));
          const upgrade = spawnStrata(['--project', project, '--url', db.url, 'upgrade', 'heads']);
          const started = await upgrade.waitForStdout((out) => out.includes('✓ upgrade'));
          expect(started, upgrade.stderr()).toBe(true);
          const stamps = Array.from({ length: RUNNERS }, () =>
            spawnStrata(['--project', project, '--url', db.url, 'stamp', 'heads']),
          );
          const [upExit, ...stampExits] = await Promise.all([upgrade.exited, ...stamps.map((p) => p.exited)]);
          expect(upExit, upgrade.stderr()).toEqual({ code: EXIT.ok, signal: null });
          stampExits.forEach((exit, i) => expect(exit, stamps[i]?.stderr()).toEqual({ code: EXIT.ok, signal: null }));
          // Every revision ran (its table, rows and index are there), each exactly once, and no
          // stamp claimed one that had not run.
          const state = await inspect(dialect, db.url);
          const { versionRows, tables, indexes, appliedLog } = state;
          expect({ versionRows, tables, indexes, appliedLog }).toEqual(expectedState(dialect, n));
          expect(state.history).toEqual(Array.from({ length: n }, (_, i) => `${revisionId(i)} upgrade applied`));
        },
      );
    }
  });
}

// Waiting for another runner: as long as the user allows (--lock-wait), by default until it
// is free, saying whom it waits for. Nothing here depends on how fast the machine is: the
// lock is held by the test until the waiter has said it waits.
for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`waiting for the run lock on ${dialect}`, () => {
    const databases = databasePerTest(dialect);

    it(
      'upgrade and stamp give up after --lock-wait, naming the holder; ' +
        'without it, upgrade waits until the lock is free',
      { timeout: 60_000 },
      async () => {
        const db = await databases.create();
        const project = tempProject(dialect, workload(dialect, 3, { small: true }));
        const base = ['--project', project, '--url', db.url];
        const holder = await connect(parseDatabaseUrl(db.url, REPO_DIR));
        const release = await holder.acquireRunLock(TABLES);
        try {
          const who = new RegExp(`\\(pid ${process.pid} on ${hostname()}, since \\d{4}-\\d\\d-\\d\\dT`);
          for (const command of [
            ['upgrade', 'heads'],
            ['stamp', 'heads'],
          ]) {
            const bounded = spawnStrata([...base, ...command, '--lock-wait', '500ms']);
            const exit = await bounded.exited;
            expect(exit.code, bounded.stderr()).toBe(EXIT.database);
            expect(bounded.stderr()).toMatch(/waiting for another runner \(pid \d+ on /);
            expect(bounded.stderr()).toMatch(/another runner still holds the run lock after 0\.\d s of waiting/);
            expect(bounded.stderr()).toMatch(who);
            expect(bounded.stderr()).not.toMatch(/^\s+at /m);
          }
          expect((await inspect(dialect, db.url)).versionRows).toEqual([]);

          const patient = spawnStrata([...base, 'upgrade', 'heads']);
          await until(
            () => patient.stderr().includes('waiting for another runner'),
            `the runner never said it waits:\n${patient.stderr()}`,
          );
          expect(patient.stderr()).toMatch(who);
          await sleep(300);
          expect(patient.child.exitCode).toBeNull();
          await release();
          const exit = await patient.exited;
          expect(exit, patient.stderr()).toEqual({ code: EXIT.ok, signal: null });
          expect((await inspect(dialect, db.url)).versionRows).toEqual([revisionId(2)]);
        } finally {
          await release().catch(() => {});
          await holder.close();
        }
      },
    );
  });
}

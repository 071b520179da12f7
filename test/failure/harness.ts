// Shared by the failure tests: the strata command as a real child process (so that SIGKILL
// and concurrent runners are what a user would get), a workload whose revisions take
// measurable time, and an inspection of a database through a fresh connection.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  PipelineFailure,
  type Connection,
  type LockWatch,
  type ObjectRef,
  type ObjectState,
  type RunLockHolder,
  type RunLockOptions,
  type RunningStatement,
  type StrataTables,
} from '../../electron/engine/dialects/dialect.ts';
import { connect, parseDatabaseUrl } from '../../electron/engine/dialects/registry.ts';
import { readHistory, readVersionRows } from '../../electron/engine/dialects/strata-tables.ts';
import { afterEach } from 'vitest';
import { createDatabase, type DialectName, type TestDatabase } from '../support/databases.ts';
import { writeProject, type RevisionSpec } from '../support/projects.ts';

export const REPO_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const STRATA_BIN = fileURLToPath(new URL('../../bin/strata.js', import.meta.url));
export const TABLES = { version: 'strata_version', history: 'strata_history' } as const;

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface StrataProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<Exit>;
  /** Resolves true once `done(stdout)` holds, false if the process ends first. */
  waitForStdout(done: (stdout: string) => boolean): Promise<boolean>;
}

const started = new Set<ChildProcess>();

/** `node bin/strata.js ARGS`, from the repository, with no debug or colour settings inherited. */
export function spawnStrata(args: readonly string[]): StrataProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.STRATA_DEBUG;
  delete env.STRATA_DATABASE_URL;
  const child = spawn(process.execPath, [STRATA_BIN, ...args], {
    cwd: REPO_DIR,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  let out = '';
  let err = '';
  const watchers = new Set<() => void>();
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    for (const w of [...watchers]) w();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<Exit>((resolve, reject) => {
    child.on('error', reject);
    // 'close' rather than 'exit': every byte of the pipes has been read by then.
    child.on('close', (code, signal) => {
      started.delete(child);
      for (const w of [...watchers]) w();
      resolve({ code, signal });
    });
  });
  const finished = (): boolean => child.exitCode !== null || child.signalCode !== null;
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForStdout: (done) =>
      new Promise<boolean>((resolve) => {
        const check = (): void => {
          if (done(out)) {
            watchers.delete(check);
            resolve(true);
          } else if (finished() && !started.has(child)) {
            watchers.delete(check);
            resolve(false);
          }
        };
        watchers.add(check);
        check();
      }),
  };
}

/** Kills (SIGKILL) every strata process a test started and that is still running. */
export async function killLeftovers(): Promise<void> {
  const left = [...started];
  for (const child of left) child.kill('SIGKILL');
  await Promise.all(
    left.map(
      (child) =>
        new Promise<void>((resolve) =>
          child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('close', () => resolve()),
        ),
    ),
  );
}

const projects: string[] = [];

/** A project in a temporary folder, removed again by removeProjects(). */
export function tempProject(dialect: DialectName, revisions: readonly RevisionSpec[]): string {
  const dir = writeProject(dialect, revisions);
  projects.push(dir);
  return dir;
}

export function removeProjects(): void {
  for (const dir of projects.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A fresh database for each test of the describe block it is called in, with everything the
 * test started torn down after it: strata processes, projects, the killed runners' sessions
 * (PostgreSQL keeps them until it notices), then the database.
 */
export function databasePerTest(dialect: DialectName): { create(): Promise<TestDatabase> } {
  const made: TestDatabase[] = [];
  afterEach(async () => {
    await killLeftovers();
    removeProjects();
    for (const db of made.splice(0)) {
      if (dialect === 'postgres') await waitForOtherSessionsToEnd(db.url).catch(() => {});
      await db.drop();
    }
  });
  return {
    async create() {
      const db = await createDatabase(dialect);
      made.push(db);
      return db;
    },
  };
}

/** Polls `done` every 20 ms for up to 20 s. */
export async function until(done: () => boolean, failure: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(failure);
    await sleep(20);
  }
}

export function revisionId(i: number): string {
  return `w${String(i).padStart(11, '0')}`;
}

export interface WorkloadOptions {
  /** PostgreSQL: nextval('kill_progress') between statements (see workload()). */
  readonly progressSequence?: boolean;
  /** A few rows per revision instead of thousands, for tests that need the statements, not the time. */
  readonly small?: boolean;
  /**
   * Downgrades that take tens of milliseconds too (they only drop and delete otherwise), so that kills land inside
   * them.
   */
  readonly slowDowngrade?: boolean;
}

/**
 * Rows revision i leaves in its table t<i>: a first batch, then a second one after the index.
 * PostgreSQL's revisions also sleep, so they need fewer rows to take a comparable time.
 */
export function rowsOf(dialect: DialectName, i: number, options: WorkloadOptions = {}): number {
  return firstBatch(dialect, i, options) + secondBatch(dialect, i, options);
}
const firstBatch = (dialect: DialectName, i: number, options: WorkloadOptions): number =>
  (options.small ? 20 : dialect === 'sqlite' ? 20_000 : 6000) + 97 * i;
const secondBatch = (dialect: DialectName, i: number, options: WorkloadOptions): number =>
  (options.small ? 5 : dialect === 'sqlite' ? 3000 : 1000) + 13 * i;

/**
 * A linear chain of n revisions that each take tens of milliseconds over several statements.
 * Revision 0 also creates applied_log; every revision inserts one row naming itself into it,
 * in the middle of its statements, so a revision that ran twice (or half) shows. Downgrades
 * write into downgrade_log, which the test creates itself before downgrading.
 * PostgreSQL revisions also call nextval('kill_progress') between statements when
 * `progressSequence` is set: sequences ignore rollbacks, so the test can tell a kill that
 * landed inside a revision from one that landed between two.
 */
export function workload(dialect: DialectName, n: number, options: WorkloadOptions = {}): RevisionSpec[] {
  return Array.from({ length: n }, (_, i) => {
    const id = revisionId(i);
    const t = `t${i}`;
    const a = firstBatch(dialect, i, options);
    const b = secondBatch(dialect, i, options);
    const log = i === 0 ? ['CREATE TABLE applied_log (rev VARCHAR(32) NOT NULL, seq INTEGER NOT NULL);'] : [];
    const up =
      dialect === 'sqlite'
        ? [
            ...log,
            `CREATE TABLE ${t} (id INTEGER PRIMARY KEY, v TEXT NOT NULL, w TEXT);`,
            `WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < ${a})\n` +
              `INSERT INTO ${t} (id, v) SELECT x, printf('%08d-%s', x, hex(randomblob(12))) FROM n;`,
            `INSERT INTO applied_log (rev, seq) VALUES ('${id}', ${i});`,
            `CREATE INDEX ${t}_v ON ${t} (v);`,
            `UPDATE ${t} SET w = lower(v) WHERE id % 3 = 0;`,
            `WITH RECURSIVE n(x) AS (SELECT ${a + 1} UNION ALL SELECT x + 1 FROM n WHERE x < ${a + b})\n` +
              `INSERT INTO ${t} (id, v) SELECT x, printf('%08d-%s', x, hex(randomblob(12))) FROM n;`,
          ]
        : [
            ...log,
            `CREATE TABLE ${t} (id integer PRIMARY KEY, v text NOT NULL, w text);`,
            `SELECT pg_sleep(0.01)${options.progressSequence ? ", nextval('kill_progress')" : ''};`,
            `INSERT INTO ${t} (id, v) SELECT x, md5(x::text) FROM generate_series(1, ${a}) AS x;`,
            `INSERT INTO applied_log (rev, seq) VALUES ('${id}', ${i});`,
            `SELECT pg_sleep(0.01)${options.progressSequence ? ", nextval('kill_progress')" : ''};`,
            `CREATE INDEX ${t}_v ON ${t} (v);`,
            `UPDATE ${t} SET w = upper(v) WHERE id % 3 = 0;`,
            `INSERT INTO ${t} (id, v) SELECT x, md5(x::text) FROM generate_series(${a + 1}, ${a + b}) AS x;`,
          ];
    const pause = !options.slowDowngrade
      ? []
      : dialect === 'sqlite'
        ? [`UPDATE ${t} SET w = upper(v);`]
        : ['SELECT pg_sleep(0.03);'];
    const down = [
      `INSERT INTO downgrade_log (rev) VALUES ('${id}');`,
      ...pause,
      `DELETE FROM applied_log WHERE rev = '${id}';`,
      `DROP TABLE ${t};`,
      ...(i === 0 ? ['DROP TABLE applied_log;'] : []),
    ];
    return {
      id,
      parents: i === 0 ? [] : [revisionId(i - 1)],
      message: `workload step ${i}`,
      up: up.join('\n') + '\n',
      down: down.join('\n') + '\n',
    };
  });
}

/** How many nextval('kill_progress') calls one revision of the workload makes. */
export const PROGRESS_PER_REVISION = 2;

export interface DatabaseState {
  readonly versionRows: readonly string[];
  /** User tables (not strata_*) with their row counts, by name. */
  readonly tables: Readonly<Record<string, number>>;
  /** Secondary indexes on user tables. */
  readonly indexes: readonly string[];
  /** applied_log rows as `rev` → how many times it appears. */
  readonly appliedLog: Readonly<Record<string, number>>;
  /** History rows as `revision direction outcome`. */
  readonly history: readonly string[];
}

async function userTableNames(conn: Connection, dialect: DialectName): Promise<string[]> {
  const sql =
    dialect === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name " +
        "NOT LIKE 'strata_%' AND name NOT LIKE 'sqlite_%' ORDER BY name"
      : 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema ' +
        "= 'public' AND table_name NOT LIKE 'strata_%' ORDER BY table_name";
  return (await conn.query<{ name: string }>(sql)).map((r) => r.name);
}

async function userIndexNames(conn: Connection, dialect: DialectName): Promise<string[]> {
  const sql =
    dialect === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name " +
        "NOT LIKE 'strata_%' AND name NOT LIKE 'sqlite_%' ORDER BY name"
      : "SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public' AND " +
        "tablename NOT LIKE 'strata_%' AND indexname NOT LIKE '%_pkey' ORDER BY indexname";
  return (await conn.query<{ name: string }>(sql)).map((r) => r.name);
}

/**
 * Everything the invariants look at, read through a fresh connection inside one read-only
 * snapshot (a REPEATABLE READ transaction on PostgreSQL; a read transaction on SQLite).
 */
export async function inspect(dialect: DialectName, url: string): Promise<DatabaseState> {
  const conn = await connect(parseDatabaseUrl(url, REPO_DIR));
  try {
    await conn.execute(dialect === 'postgres' ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
    const versionRows = await readVersionRows(conn, TABLES);
    const names = await userTableNames(conn, dialect);
    const tables: Record<string, number> = {};
    for (const name of names) {
      const rows = await conn.query<{ n: number | string }>(`SELECT count(*) AS n FROM ${conn.sql.quoteIdent(name)}`);
      tables[name] = Number(rows[0]?.n);
    }
    const indexes = await userIndexNames(conn, dialect);
    const appliedLog: Record<string, number> = {};
    if (names.includes('applied_log')) {
      for (const r of await conn.query<{ rev: string; n: number | string }>(
        'SELECT rev, count(*) AS n FROM applied_log GROUP BY rev ORDER BY rev',
      ))
        appliedLog[r.rev] = Number(r.n);
    }
    const history = (await readHistory(conn, TABLES)).map((h) => `${h.revision} ${h.direction} ${h.outcome}`);
    await conn.execute('COMMIT');
    return { versionRows, tables, indexes, appliedLog, history };
  } finally {
    await conn.close();
  }
}

/** The state the workload's first `applied` revisions produce (0: nothing but maybe Strata's tables). */
export function expectedState(
  dialect: DialectName,
  applied: number,
  options: WorkloadOptions = {},
): Omit<DatabaseState, 'history'> {
  const tables: Record<string, number> = {};
  const appliedLog: Record<string, number> = {};
  const indexes: string[] = [];
  for (let i = 0; i < applied; i++) {
    tables[`t${i}`] = rowsOf(dialect, i, options);
    appliedLog[revisionId(i)] = 1;
    indexes.push(`t${i}_v`);
  }
  if (applied > 0) tables.applied_log = applied;
  return { versionRows: applied > 0 ? [revisionId(applied - 1)] : [], tables, indexes: indexes.sort(), appliedLog };
}

/** How many workload revisions the version table says are applied; throws on anything else. */
export function appliedCount(versionRows: readonly string[], n: number): number {
  if (versionRows.length === 0) return 0;
  const index = Array.from({ length: n }, (_, i) => revisionId(i)).indexOf(versionRows[0] as string);
  if (versionRows.length !== 1 || index < 0) throw new Error(`unexpected version rows: ${versionRows.join(', ')}`);
  return index + 1;
}

/** Other sessions on this PostgreSQL database (a killed runner's backend lingers until it notices). */
export async function waitForOtherSessionsToEnd(url: string, timeoutMs = 15_000): Promise<void> {
  const conn = await connect(parseDatabaseUrl(url, REPO_DIR));
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = await conn.query<{ n: number | string }>(
        'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() ' +
          "AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
      );
      if (Number(rows[0]?.n) === 0) return;
      if (Date.now() > deadline)
        throw new Error(`a session on ${conn.display} did not end within ${timeoutMs} ms of its client being killed`);
      await sleep(10);
    }
  } finally {
    await conn.close();
  }
}

/** Resolves once exactly `count` sessions on this PostgreSQL database wait for an advisory lock. */
export async function waitForAdvisoryWaiters(url: string, count: number, timeoutMs = 20_000): Promise<void> {
  const conn = await connect(parseDatabaseUrl(url, REPO_DIR));
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = await conn.query<{ n: number | string }>(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'advisory'",
      );
      if (Number(rows[0]?.n) === count) return;
      if (Date.now() > deadline)
        throw new Error(`${rows[0]?.n} sessions wait for the advisory lock after ${timeoutMs} ms, not ${count}`);
      await sleep(20);
    }
  } finally {
    await conn.close();
  }
}

/**
 * A real connection that can be held before one of its next calls: the runner under test
 * stops exactly there (between two revisions, or between any two statements) while the
 * test does something else (runs another runner, cuts the connection, copies the file),
 * which makes interleavings that processes only hit by luck happen every time.
 */
export class PausableConnection implements Connection {
  private hold: Promise<void> | undefined;
  private releaseHold: (() => void) | undefined;
  private skip = 0;
  private match: ((statement: string) => boolean) | undefined;
  private reachedHold: (what: string) => void = () => {};
  /** Resolves with the statement (or call) that was held, once the runner waits there. */
  readonly held: Promise<string>;

  constructor(private readonly inner: Connection) {
    this.held = new Promise((resolve) => (this.reachedHold = resolve));
  }

  get sql(): Connection['sql'] {
    return this.inner.sql;
  }
  /** The inner connection's, except pipelining: every statement passes the gate on its own. */
  get capabilities(): Connection['capabilities'] {
    return { ...this.inner.capabilities, pipelining: false };
  }
  get display(): string {
    return this.inner.display;
  }

  /** Holds the call after `skip` more calls (0: the very next one) until release(); re-arming replaces it. */
  holdAfter(skip = 0): void {
    this.skip = skip;
    this.hold = new Promise((resolve) => (this.releaseHold = resolve));
  }

  /** Holds the first call whose statement matches, until release(). */
  holdAt(match: (statement: string) => boolean): void {
    this.holdAfter(0);
    this.match = match;
  }

  release(): void {
    this.hold = undefined;
    this.match = undefined;
    this.releaseHold?.();
  }

  private async gate(what: string): Promise<void> {
    const hold = this.hold;
    if (!hold) return;
    if (this.match && !this.match(what)) return;
    if (this.skip > 0) {
      this.skip--;
      return;
    }
    this.reachedHold(what);
    await hold;
  }

  async execute(statement: string): Promise<void> {
    await this.gate(statement);
    return this.inner.execute(statement);
  }
  async executePipelined(statements: readonly string[], completed: (index: number) => void): Promise<void> {
    for (const [index, statement] of statements.entries()) {
      try {
        await this.execute(statement);
      } catch (error) {
        throw new PipelineFailure(index, error);
      }
      completed(index);
    }
  }
  async query<Row extends Record<string, unknown>>(statement: string, params?: readonly unknown[]): Promise<Row[]> {
    await this.gate(statement);
    return this.inner.query<Row>(statement, params);
  }
  async tableExists(name: string): Promise<boolean> {
    await this.gate(`tableExists(${name})`);
    return this.inner.tableExists(name);
  }
  acquireRunLock(tables: StrataTables, options?: RunLockOptions): Promise<() => Promise<void>> {
    return this.inner.acquireRunLock(tables, options);
  }
  runLockHolder(tables: StrataTables): Promise<RunLockHolder | undefined> {
    return this.inner.runLockHolder(tables);
  }
  inspectObjects(objects: readonly ObjectRef[]): Promise<ObjectState[]> {
    return this.inner.inspectObjects(objects);
  }
  runningStatements(statements: readonly string[]): Promise<RunningStatement[]> {
    return this.inner.runningStatements(statements);
  }
  cancel(): Promise<void> {
    return this.inner.cancel();
  }
  openLockWatch(url: string): Promise<LockWatch> {
    return this.inner.openLockWatch(url);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

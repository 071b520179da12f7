// SQLite through better-sqlite3. Synchronous underneath; the async surface matches the
// Connection interface so the runner has one code path (the app runs this in a worker).
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import {
  PipelineFailure,
  RunLockTimeoutError,
  type Capabilities,
  type Connection,
  type DialectSql,
  type LockWatch,
  type ObjectRef,
  type ObjectState,
  type RunLockHolder,
  type RunningStatement,
  type RunLockOptions,
  type SessionSettings,
  type StrataTables,
} from '../dialect.ts';

export const sqliteSql: DialectSql = {
  name: 'sqlite',
  quoteIdent: (identifier) => `"${identifier.replace(/"/g, '""')}"`,
  createStrataTables: (tables) => [
    `CREATE TABLE IF NOT EXISTS "${tables.version}" (version_num VARCHAR(32) ` +
      `NOT NULL, CONSTRAINT "${tables.version}_pkc" PRIMARY KEY (version_num))`,
    `CREATE TABLE IF NOT EXISTS "${tables.history}" (id INTEGER PRIMARY KEY AUTOINCREMENT, revision VARCHAR(32) ` +
      `NOT NULL, direction VARCHAR(10) NOT NULL, checksum CHAR(64), started_at TEXT NOT NULL, duration_ms REAL, ` +
      `outcome VARCHAR(10) NOT NULL, run_by VARCHAR(128), host VARCHAR(255), tool_version VARCHAR(32), error TEXT)`,
  ],
  columnsQuery: (table) => `SELECT name FROM pragma_table_info('${table.replace(/'/g, "''")}')`,
  // IMMEDIATE takes the write lock before the version table is read, so two runners cannot
  // both see a revision as pending: the second waits (busy_timeout), then sees it applied.
  beginTransaction: () => 'BEGIN IMMEDIATE',
  sessionSettings: (_settings: SessionSettings) => [],
  timestamp: (date) => (date === 'now' ? "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')" : `'${date.toISOString()}'`),
};

// Required on first use: a PostgreSQL run or a `strata heads` need not load the native module.
let sqlite: typeof Database | undefined;
/** The package's own build of the native module, where it is (undefined: let the package look for it). */
let packagedBinding: string | undefined | null = null;

function openDatabase(path: string, options: Database.Options): Database.Database {
  const require = createRequire(import.meta.url);
  sqlite ??= require('better-sqlite3') as typeof Database;
  // Named, the native module loads straight away; unnamed, better-sqlite3 asks the `bindings`
  // package to find it, which works out its caller from a stack trace and tries path after
  // path (5 M instructions of every CLI run on SQLite). The Electron app names its own build.
  if (packagedBinding === null) {
    try {
      packagedBinding = require.resolve('better-sqlite3/build/Release/better_sqlite3.node');
    } catch {
      packagedBinding = undefined;
    }
  }
  const nativeBinding = options.nativeBinding ?? packagedBinding;
  return new sqlite(path, nativeBinding === undefined ? options : { ...options, nativeBinding });
}

function writeHolder(path: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }) + '\n');
  renameSync(tmp, path);
}

/** The holder as the holder wrote it; undefined while it has not yet (or when unreadable). */
function readHolder(path: string): RunLockHolder | undefined {
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown; host?: unknown; since?: unknown };
    const since = typeof raw.since === 'string' ? new Date(raw.since) : null;
    return {
      pid: typeof raw.pid === 'number' ? raw.pid : null,
      host: typeof raw.host === 'string' ? raw.host : null,
      since: since && !Number.isNaN(since.getTime()) ? since : null,
    };
  } catch {
    return undefined;
  }
}

export interface SqliteOptions {
  /** How long to wait for another writer before failing, in ms. */
  readonly busyTimeoutMs?: number;
  readonly readonly?: boolean;
}

/**
 * In process, synchronous: no round trip to save by pipelining, no way to interrupt a
 * statement from the thread that runs it, no lock queue whose holders could be named; the
 * run lock is a sidecar file's, so each transaction re-reads the version table (LockScope).
 */
const SQLITE_CAPABILITIES: Capabilities = {
  pipelining: false,
  cancel: false,
  runLockScope: 'transaction',
  lockWatch: false,
};

/** How many distinct statement texts a connection keeps prepared. */
const PREPARED_LIMIT = 64;

export class SqliteConnection implements Connection {
  readonly sql = sqliteSql;
  readonly capabilities = SQLITE_CAPABILITIES;
  readonly display: string;
  private readonly db: Database.Database;
  /**
   * Statements prepared by query() and tableExists(), by their text. A runner reads the
   * version table again in every revision's transaction (runLockScope 'transaction'), and
   * preparing those two statements was most of that read: SQLite parses and plans them
   * afresh each time, against a schema that grows with every revision (2,000 reads over 1,000
   * tables: 300 ms of CPU). A statement prepared once stays valid: SQLite prepares it again
   * by itself after a schema change. Texts that embed values (history rows) never repeat, so
   * the map is bounded.
   */
  private readonly prepared = new Map<string, Database.Statement>();
  /** PRAGMA data_version when othersCommitted() last read it: it moves when another connection commits. */
  private seenDataVersion: number | undefined;

  constructor(
    readonly path: string,
    options: SqliteOptions = {},
  ) {
    this.display = `sqlite:${path}`;
    // The Electron app names a better_sqlite3.node built for Electron's ABI here (see
    // electron/app/main.ts); under Node (CLI, tests, bridge) the package's own build loads.
    const nativeBinding = process.env.STRATA_SQLITE_BINDING;
    this.db = openDatabase(path, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
      ...(nativeBinding ? { nativeBinding } : {}),
    });
    this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 60_000}`);
    this.db.pragma('foreign_keys = ON');
  }

  async execute(statement: string): Promise<void> {
    this.db.exec(statement);
  }

  async executePipelined(statements: readonly string[], completed: (index: number) => void): Promise<void> {
    // One after the other: the first failure stops the batch, as an aborted transaction
    // makes the rest of a pipelined one do nothing.
    for (const [index, statement] of statements.entries()) {
      try {
        this.db.exec(statement);
      } catch (error) {
        throw new PipelineFailure(index, error);
      }
      completed(index);
    }
  }

  /** The statement for `text`, prepared once (see `prepared`). */
  private statement(text: string): Database.Statement {
    let prepared = this.prepared.get(text);
    if (prepared === undefined) {
      prepared = this.db.prepare(text);
      if (this.prepared.size >= PREPARED_LIMIT) this.prepared.clear();
      this.prepared.set(text, prepared);
    }
    return prepared;
  }

  async query<Row extends Record<string, unknown>>(statement: string, params: readonly unknown[] = []): Promise<Row[]> {
    const prepared = this.statement(statement);
    if (!prepared.reader) {
      prepared.run(...params);
      return [];
    }
    return prepared.all(...params) as Row[];
  }

  async tableExists(name: string): Promise<boolean> {
    // pragma_table_list looks the name up (as SQLite resolves a table name: case-insensitively);
    // a WHERE over sqlite_master reads every row of it, one per table, index and view, which
    // made this 75 µs a call once the schema held 1,000 tables, and the runner asks per revision.
    return (
      this.statement("SELECT 1 FROM pragma_table_list(?) WHERE schema = 'main' AND type = 'table'").get(name) !==
      undefined
    );
  }

  async othersCommitted(): Promise<boolean> {
    const version = (this.statement('PRAGMA data_version').get() as { data_version: number }).data_version;
    const changed = version !== this.seenDataVersion;
    this.seenDataVersion = version;
    return changed;
  }

  async acquireRunLock(_tables: StrataTables, options: RunLockOptions = {}): Promise<() => Promise<void>> {
    // An exclusive transaction on a sidecar file: SQLite's own file lock, which the operating
    // system drops if this process dies (as PostgreSQL drops a killed session's advisory
    // lock), so a killed runner never leaves the next one waiting. The database file itself
    // cannot serve: its write lock would be held across the statements that must run outside
    // a transaction (VACUUM, PRAGMA foreign_keys), and would stop every reader at COMMIT.
    if (this.inMemory) return async () => {};
    const lock = openDatabase(this.lockPath, { timeout: 0 });
    try {
      const started = Date.now();
      let reported: string | undefined;
      for (;;) {
        try {
          // No journal file beside the lock: nothing is ever written to it.
          lock.pragma('journal_mode = MEMORY');
          lock.exec('BEGIN EXCLUSIVE');
          break;
        } catch (error) {
          if ((error as { code?: unknown }).code !== 'SQLITE_BUSY') throw error;
          if (options.signal?.aborted)
            throw new Error('cancelled while waiting for another strata run', { cause: error });
          const holder = readHolder(this.holderPath);
          if (options.waitMs !== undefined && Date.now() - started >= options.waitMs)
            throw new RunLockTimeoutError(holder, Date.now() - started);
          const key = JSON.stringify(holder ?? null);
          if (key !== reported) options.onWait?.(holder);
          reported = key;
          // Polled, not a busy_timeout: a blocking wait would freeze this thread (and Ctrl-C).
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      }
      writeHolder(this.holderPath);
    } catch (error) {
      lock.close();
      throw error;
    }
    return async () => {
      try {
        // Before the lock goes: a waiter that reads it after that would name a runner that left.
        rmSync(this.holderPath, { force: true });
        lock.exec('ROLLBACK');
      } finally {
        lock.close();
      }
    };
  }

  async runLockHolder(_tables: StrataTables): Promise<RunLockHolder | undefined> {
    if (this.inMemory || !existsSync(this.lockPath)) return undefined;
    const lock = openDatabase(this.lockPath, { timeout: 0 });
    try {
      lock.exec('BEGIN EXCLUSIVE');
      lock.exec('ROLLBACK');
      return undefined;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_BUSY') throw error;
      return readHolder(this.holderPath) ?? { pid: null, host: null, since: null };
    } finally {
      lock.close();
    }
  }

  private get inMemory(): boolean {
    return this.path === ':memory:' || this.path === '';
  }

  /** The sidecar whose exclusive transaction is the run lock. */
  private get lockPath(): string {
    return `${this.path}-strata-lock`;
  }

  /** Who holds the lock: written by the holder once it has it, for the runners that wait. */
  private get holderPath(): string {
    return `${this.path}-strata-lock.json`;
  }

  async inspectObjects(objects: readonly ObjectRef[]): Promise<ObjectState[]> {
    return objects.map((o) => {
      if (o.kind === 'column') {
        const table = o.table ?? o;
        const list = table.schema === null ? 'pragma_table_info(?)' : 'pragma_table_info(?, ?)';
        const params = table.schema === null ? [table.name, o.name] : [table.name, table.schema, o.name];
        return {
          exists: this.db.prepare(`SELECT 1 FROM ${list} WHERE name = ? COLLATE NOCASE`).get(...params) !== undefined,
        };
      }
      const master = o.schema === null ? 'sqlite_master' : `${sqliteSql.quoteIdent(o.schema)}.sqlite_master`;
      const type = o.kind === 'materialized view' ? 'view' : o.kind;
      return {
        exists:
          this.db.prepare(`SELECT 1 FROM ${master} WHERE type = ? AND name = ? COLLATE NOCASE`).get(type, o.name) !==
          undefined,
      };
    });
  }

  async runningStatements(_statements: readonly string[]): Promise<RunningStatement[]> {
    // A statement runs inside the process that issued it: when that process dies, so does it.
    return [];
  }

  async cancel(): Promise<void> {
    // better-sqlite3 cannot interrupt a running statement from the same thread; the runner
    // checks its signal between statements and rolls the revision back.
  }

  async openLockWatch(_url: string): Promise<LockWatch> {
    throw new Error(
      `${this.display}: SQLite statements wait for a writer's lock (busy_timeout), ` +
        `not in a lock queue whose holders could be named`,
    );
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  get inTransaction(): boolean {
    return this.db.inTransaction;
  }
}

// SQLite through better-sqlite3. Synchronous underneath; the async surface matches the
// Connection interface so the runner has one code path (the app runs this in a worker).
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import type { Connection, DialectSql, SessionSettings, StrataTables } from '../dialect.ts';

export const sqliteSql: DialectSql = {
  name: 'sqlite',
  quoteIdent: (identifier) => `"${identifier.replace(/"/g, '""')}"`,
  createStrataTables: (tables) => [
    `CREATE TABLE IF NOT EXISTS "${tables.version}" (version_num VARCHAR(32) NOT NULL, CONSTRAINT "${tables.version}_pkc" PRIMARY KEY (version_num))`,
    `CREATE TABLE IF NOT EXISTS "${tables.history}" (id INTEGER PRIMARY KEY AUTOINCREMENT, revision VARCHAR(32) NOT NULL, direction VARCHAR(10) NOT NULL, checksum CHAR(64), started_at TEXT NOT NULL, duration_ms REAL, outcome VARCHAR(10) NOT NULL, run_by VARCHAR(128), host VARCHAR(255), tool_version VARCHAR(32), error TEXT)`,
  ],
  // IMMEDIATE takes the write lock before the version table is read, so two runners cannot
  // both see a revision as pending: the second waits (busy_timeout), then sees it applied.
  beginTransaction: () => 'BEGIN IMMEDIATE',
  sessionSettings: (_settings: SessionSettings) => [],
  timestamp: (date) => (date === 'now' ? "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')" : `'${date.toISOString()}'`),
};

// Required on first use: a PostgreSQL run or a `strata heads` need not load the native module.
let sqlite: typeof Database | undefined;
function openDatabase(path: string, options: Database.Options): Database.Database {
  sqlite ??= createRequire(import.meta.url)('better-sqlite3') as typeof Database;
  return new sqlite(path, options);
}

export interface SqliteOptions {
  /** How long to wait for another writer before failing, in ms. */
  readonly busyTimeoutMs?: number;
  readonly readonly?: boolean;
}

export class SqliteConnection implements Connection {
  readonly sql = sqliteSql;
  readonly lockScope = 'transaction' as const;
  readonly display: string;
  private readonly db: Database.Database;

  constructor(readonly path: string, options: SqliteOptions = {}) {
    this.display = `sqlite:${path}`;
    // The Electron app names a better_sqlite3.node built for Electron's ABI here (see
    // electron/app/main.ts); under Node (CLI, tests, bridge) the package's own build loads.
    const nativeBinding = process.env.STRATA_SQLITE_BINDING;
    this.db = openDatabase(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false, ...(nativeBinding ? { nativeBinding } : {}) });
    this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 60_000}`);
    this.db.pragma('foreign_keys = ON');
  }

  async execute(statement: string): Promise<void> {
    this.db.exec(statement);
  }

  async query<Row extends Record<string, unknown>>(statement: string, params: readonly unknown[] = []): Promise<Row[]> {
    const prepared = this.db.prepare(statement);
    if (!prepared.reader) {
      prepared.run(...params);
      return [];
    }
    return prepared.all(...params) as Row[];
  }

  async tableExists(name: string): Promise<boolean> {
    return this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
  }

  async acquireRunLock(_tables: StrataTables, _onWait: () => void): Promise<() => Promise<void>> {
    // Per-transaction locking (BEGIN IMMEDIATE + version check inside) is the run lock here.
    return async () => {};
  }

  async lockOutsideTransaction(onWait: () => void, signal?: AbortSignal): Promise<() => Promise<void>> {
    // An exclusive transaction on a sidecar file: SQLite's own file lock, which the operating
    // system drops if this process dies — as PostgreSQL drops a killed session's advisory
    // lock — so a killed runner never leaves the next one waiting. The database file itself
    // cannot serve: its write lock would be held across the very statements that must run
    // outside a transaction (VACUUM, PRAGMA foreign_keys).
    if (this.path === ':memory:' || this.path === '') return async () => {};
    const lock = openDatabase(`${this.path}-strata-lock`, { timeout: 0 });
    try {
      let waited = false;
      for (;;) {
        try {
          lock.exec('BEGIN EXCLUSIVE');
          break;
        } catch (error) {
          if ((error as { code?: unknown }).code !== 'SQLITE_BUSY') throw error;
          if (signal?.aborted) throw new Error('cancelled while waiting for another strata run');
          if (!waited) onWait();
          waited = true;
          // Polled, not a busy_timeout: a blocking wait would freeze this thread (and Ctrl-C).
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      }
    } catch (error) {
      lock.close();
      throw error;
    }
    return async () => {
      try {
        lock.exec('ROLLBACK');
      } finally {
        lock.close();
      }
    };
  }

  async cancel(): Promise<void> {
    // better-sqlite3 cannot interrupt a running statement from the same thread; the runner
    // checks its signal between statements and rolls the revision back.
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  get inTransaction(): boolean {
    return this.db.inTransaction;
  }
}

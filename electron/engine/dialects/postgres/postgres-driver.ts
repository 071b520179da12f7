// PostgreSQL through pg. One session per runner: the advisory lock, SET timeouts and the
// revision transactions all live on it; cancellation uses a second, short-lived session.
import type pg from 'pg';
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
import { literal } from '../strata-tables.ts';
import { cancelBackend, connectClient, openLockWatch } from './sessions.ts';

const quoteIdent = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;

export const postgresSql: DialectSql = {
  name: 'postgres',
  quoteIdent,
  createStrataTables: (tables) => [
    `CREATE TABLE IF NOT EXISTS ${quoteIdent(tables.version)} (version_num VARCHAR(32) ` +
      `NOT NULL, CONSTRAINT ${quoteIdent(`${tables.version}_pkc`)} PRIMARY KEY (version_num))`,
    `CREATE TABLE IF NOT EXISTS ${quoteIdent(tables.history)} (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, ` +
      `revision VARCHAR(32) NOT NULL, direction VARCHAR(10) NOT NULL, checksum CHAR(64), ` +
      `started_at TIMESTAMPTZ NOT NULL, duration_ms DOUBLE PRECISION, outcome VARCHAR(10) NOT NULL, ` +
      `run_by VARCHAR(128), host VARCHAR(255), tool_version VARCHAR(32), error TEXT)`,
  ],
  columnsQuery: (table) =>
    `SELECT column_name AS name FROM information_schema.columns ` +
    `WHERE table_schema = current_schema() AND table_name = ${literal(table)}`,
  beginTransaction: () => 'BEGIN',
  sessionSettings: (settings: SessionSettings) => [
    ...(settings.lockTimeout !== undefined ? [`SET lock_timeout = ${literal(settings.lockTimeout)}`] : []),
    ...(settings.statementTimeout !== undefined
      ? [`SET statement_timeout = ${literal(settings.statementTimeout)}`]
      : []),
  ],
  timestamp: (date) => (date === 'now' ? 'clock_timestamp()' : `'${date.toISOString()}'::timestamptz`),
  // now() is the transaction's start (its BEGIN); rounded to the microsecond as the client's are.
  transactionElapsedMs: 'round((extract(epoch FROM clock_timestamp() - now()) * 1000)::numeric, 3)',
};

/** The key all Strata runners on one database agree on: derived from the version table's name. */
function lockKeySql(tables: StrataTables): string {
  return `hashtext(${literal(`strata:${tables.version}`)})`;
}

/** The client's socket, where pg keeps it (`client.connection.stream`, as pg-cursor uses it). */
function socketOf(client: pg.Client): { cork(): void; uncork(): void } | undefined {
  const stream = (client as unknown as { connection?: { stream?: { cork?: unknown; uncork?: unknown } } }).connection
    ?.stream;
  return stream && typeof stream.cork === 'function' && typeof stream.uncork === 'function'
    ? (stream as { cork(): void; uncork(): void })
    : undefined;
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

/**
 * Statements pipeline (one round trip a batch); pg_cancel_backend stops one in flight; the
 * advisory lock is held for the whole run; pg_blocking_pids names who a statement waits for.
 */
const POSTGRES_CAPABILITIES: Capabilities = { pipelining: true, cancel: true, runLockScope: 'run', lockWatch: true };

export class PostgresConnection implements Connection {
  readonly sql = postgresSql;
  readonly capabilities = POSTGRES_CAPABILITIES;
  readonly display: string;
  private constructor(
    private readonly client: pg.Client,
    private readonly url: string,
  ) {
    this.display = redactUrl(url);
  }

  static async connect(url: string, connectTimeoutMs = 10_000): Promise<PostgresConnection> {
    // pipeline: queries are written as they are issued, not one per round trip; everything
    // the runner needs in order it still awaits in order (see executePipelined).
    // The application name says which process on which machine this is: a runner waiting for
    // the run lock reads it from pg_stat_activity to tell the user who it waits for.
    const application = `strata ${process.pid}@${hostname()}`.slice(0, 63);
    const client = await connectClient(url, { connectTimeoutMs, application, pipeline: true });
    return new PostgresConnection(client, url);
  }

  async execute(statement: string): Promise<void> {
    await this.client.query(statement);
  }

  async executePipelined(statements: readonly string[], completed: (index: number) => void): Promise<void> {
    // The server answers in order; after a failure inside the transaction the rest answer
    // "current transaction is aborted" and change nothing, so every outcome is awaited (the
    // session is then idle again) and the first failure is the one that counts.
    // pg writes each pipelined query to the socket on its own; corked, the batch leaves in one
    // write: on a loopback socket every write syscall also wakes the server, and costs more
    // than the statement it carries.
    const stream = socketOf(this.client);
    stream?.cork();
    let pending: Promise<void>[];
    try {
      pending = statements.map((sql, index) => this.client.query(sql).then(() => completed(index)));
    } finally {
      stream?.uncork();
    }
    const outcomes = await Promise.allSettled(pending);
    const failed = outcomes.findIndex((o) => o.status === 'rejected');
    if (failed >= 0) throw new PipelineFailure(failed, (outcomes[failed] as PromiseRejectedResult).reason);
  }

  async query<Row extends Record<string, unknown>>(statement: string, params: readonly unknown[] = []): Promise<Row[]> {
    const result = await this.client.query(statement, params as unknown[]);
    return result.rows as Row[];
  }

  async tableExists(name: string): Promise<boolean> {
    const rows = await this.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [
      quoteIdent(name),
    ]);
    return rows[0]?.found === true;
  }

  async acquireRunLock(tables: StrataTables, options: RunLockOptions = {}): Promise<() => Promise<void>> {
    // Session-level advisory lock: held across every revision's transaction, and released by
    // the server if this process dies, so a killed runner never leaves the database locked.
    // The wait is the server's own (pg_advisory_lock, in the lock queue, first come first
    // served), bounded by lock_timeout when the caller bounds it; a cancel ends it.
    const key = lockKeySql(tables);
    const tried = await this.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${key}) AS locked`);
    if (tried[0]?.locked !== true) {
      options.onWait?.(await this.runLockHolder(tables).catch(() => undefined));
      if (options.signal?.aborted) throw new Error('cancelled while waiting for another strata run');
      const started = Date.now();
      if (options.waitMs === undefined) await this.execute(`SELECT pg_advisory_lock(${key})`);
      else {
        try {
          await this.execute(`SET lock_timeout = ${Math.max(1, Math.round(options.waitMs))}`);
          await this.execute(`SELECT pg_advisory_lock(${key})`);
        } catch (error) {
          if ((error as { code?: unknown }).code !== '55P03') throw error;
          throw new RunLockTimeoutError(await this.runLockHolder(tables).catch(() => undefined), Date.now() - started);
        } finally {
          await this.execute('RESET lock_timeout').catch(() => {});
        }
      }
    }
    return async () => {
      await this.execute(`SELECT pg_advisory_unlock(${key})`);
    };
  }

  async runLockHolder(tables: StrataTables): Promise<RunLockHolder | undefined> {
    // pg_locks spells a bigint advisory key as classid (high half) and objid (low half).
    const rows = await this.query<{ app: string | null; addr: string | null; since: Date | null }>(
      `WITH k AS (SELECT ${lockKeySql(tables)}::bigint AS key)
       SELECT a.application_name AS app, a.client_addr::text AS addr, a.backend_start AS since
         FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid, k
        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND l.classid::bigint = ((k.key >> 32) & 4294967295) AND l.objid::bigint = (k.key & 4294967295)`,
    );
    const row = rows[0];
    if (!row) return undefined;
    const runner = /^strata (\d+)@(.+)$/.exec(row.app ?? '');
    return {
      pid: runner ? Number(runner[1]) : null,
      host: runner ? (runner[2] as string) : (row.addr ?? 'this server (local socket)'),
      since: row.since,
    };
  }

  async inspectObjects(objects: readonly ObjectRef[]): Promise<ObjectState[]> {
    const regclass = (o: { schema: string | null; name: string }): string =>
      o.schema === null ? quoteIdent(o.name) : `${quoteIdent(o.schema)}.${quoteIdent(o.name)}`;
    const out: ObjectState[] = [];
    for (const o of objects) {
      if (o.kind === 'index') {
        // A CONCURRENTLY build shows in pg_stat_progress_create_index until its last phase,
        // also when the client that started it is gone and the server carries on.
        const rows = await this.query<{ valid: boolean; building: number | null }>(
          `SELECT i.indisvalid AS valid, (SELECT p.pid FROM pg_stat_progress_create_index p WHERE p.index_relid = ` +
            `i.indexrelid LIMIT 1) AS building
             FROM pg_index i WHERE i.indexrelid = to_regclass($1)`,
          [regclass(o)],
        );
        const row = rows[0];
        out.push(
          row
            ? { exists: true, valid: row.valid, ...(row.building !== null ? { buildingPid: row.building } : {}) }
            : { exists: false },
        );
      } else if (o.kind === 'column') {
        const rows = await this.query<{ found: number }>(
          'SELECT 1 AS found FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = $2 AND NOT attisdropped',
          [regclass(o.table ?? o), o.name],
        );
        out.push({ exists: rows.length > 0 });
      } else {
        const rows = await this.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [regclass(o)]);
        out.push({ exists: rows[0]?.found === true });
      }
    }
    return out;
  }

  async runningStatements(statements: readonly string[]): Promise<RunningStatement[]> {
    const rows = await this.query<{ pid: number; query: string; since: Date | null }>(
      'SELECT pid, query, query_start AS since FROM pg_stat_activity WHERE datname = current_database() ' +
        "AND pid <> pg_backend_pid() AND state = 'active' AND backend_type = 'client backend'",
    );
    const out: RunningStatement[] = [];
    for (const row of rows) {
      // pg_stat_activity keeps the first track_activity_query_size bytes of the text.
      const query = row.query.trim();
      const index = statements.findIndex((s) => query.length > 0 && s.trim().startsWith(query));
      if (index >= 0) out.push({ index, pid: row.pid, since: row.since });
    }
    return out;
  }

  /** The server process of this session (pg's client learns it at connect). */
  private get backendPid(): number | undefined {
    return (this.client as unknown as { processID?: number }).processID;
  }

  async cancel(): Promise<void> {
    const pid = this.backendPid;
    if (pid === undefined) return;
    await cancelBackend(this.url, pid);
  }

  async openLockWatch(url: string): Promise<LockWatch> {
    const pid = this.backendPid;
    if (pid === undefined) throw new Error(`${this.display}: the session has no server process to watch`);
    return openLockWatch(url, pid);
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => {});
  }
}

// PostgreSQL through pg. One session per runner: the advisory lock, SET timeouts and the
// revision transactions all live on it; cancellation uses a second, short-lived session.
import type pg from 'pg';
import { PipelineFailure, type Connection, type DialectSql, type SessionSettings, type StrataTables } from '../dialect.ts';
import { literal } from '../strata-tables.ts';
import { loadPg } from './pg-module.ts';

const quoteIdent = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;

export const postgresSql: DialectSql = {
  name: 'postgres',
  quoteIdent,
  createStrataTables: (tables) => [
    `CREATE TABLE IF NOT EXISTS ${quoteIdent(tables.version)} (version_num VARCHAR(32) NOT NULL, CONSTRAINT ${quoteIdent(`${tables.version}_pkc`)} PRIMARY KEY (version_num))`,
    `CREATE TABLE IF NOT EXISTS ${quoteIdent(tables.history)} (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, revision VARCHAR(32) NOT NULL, direction VARCHAR(10) NOT NULL, checksum CHAR(64), started_at TIMESTAMPTZ NOT NULL, duration_ms DOUBLE PRECISION, outcome VARCHAR(10) NOT NULL, run_by VARCHAR(128), host VARCHAR(255), tool_version VARCHAR(32), error TEXT)`,
  ],
  beginTransaction: () => 'BEGIN',
  sessionSettings: (settings: SessionSettings) => [
    ...(settings.lockTimeout !== undefined ? [`SET lock_timeout = ${literal(settings.lockTimeout)}`] : []),
    ...(settings.statementTimeout !== undefined ? [`SET statement_timeout = ${literal(settings.statementTimeout)}`] : []),
  ],
  timestamp: (date) => (date === 'now' ? 'clock_timestamp()' : `'${date.toISOString()}'::timestamptz`),
};

/** The key all Strata runners on one database agree on: derived from the version table's name. */
function lockKeySql(tables: StrataTables): string {
  return `hashtext(${literal(`strata:${tables.version}`)})`;
}

/** The client's socket, where pg keeps it (`client.connection.stream`, as pg-cursor uses it). */
function socketOf(client: pg.Client): { cork(): void; uncork(): void } | undefined {
  const stream = (client as unknown as { connection?: { stream?: { cork?: unknown; uncork?: unknown } } }).connection?.stream;
  return stream && typeof stream.cork === 'function' && typeof stream.uncork === 'function' ? (stream as { cork(): void; uncork(): void }) : undefined;
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

export class PostgresConnection implements Connection {
  readonly sql = postgresSql;
  readonly lockScope = 'run' as const;
  readonly display: string;
  private constructor(
    private readonly client: pg.Client,
    private readonly url: string,
  ) {
    this.display = redactUrl(url);
  }

  static async connect(url: string, connectTimeoutMs = 10_000): Promise<PostgresConnection> {
    const { Client } = await loadPg();
    // pipeline: queries are written as they are issued, not one per round trip; everything
    // the runner needs in order it still awaits in order (see executePipelined).
    const client = new Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs, application_name: 'strata', pipeline: true });
    // An idle-session error (server restart, network loss) must not crash the process: the
    // next query fails with it instead.
    client.on('error', () => {});
    await client.connect();
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
    const rows = await this.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [quoteIdent(name)]);
    return rows[0]?.found === true;
  }

  async acquireRunLock(tables: StrataTables, onWait: () => void): Promise<() => Promise<void>> {
    // Session-level advisory lock: held across every revision's transaction, and released by
    // the server if this process dies, so a killed runner never leaves the database locked.
    const key = lockKeySql(tables);
    const tried = await this.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${key}) AS locked`);
    if (tried[0]?.locked !== true) {
      onWait();
      await this.execute(`SELECT pg_advisory_lock(${key})`);
    }
    return async () => {
      await this.execute(`SELECT pg_advisory_unlock(${key})`);
    };
  }

  async cancel(): Promise<void> {
    const pid = (this.client as unknown as { processID?: number }).processID;
    if (pid === undefined) return;
    const { Client } = await loadPg();
    const other = new Client({ connectionString: this.url, connectionTimeoutMillis: 5_000 });
    other.on('error', () => {});
    try {
      await other.connect();
      await other.query('SELECT pg_cancel_backend($1)', [pid]);
    } finally {
      await other.end().catch(() => {});
    }
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => {});
  }
}

// Every PostgreSQL session Strata opens beside a runner's own connection starts here: the
// session that cancels a statement, the one that watches who blocks a guarded run, the
// rehearsal's runner and observer, the live preview's measuring session, the lock observer
// of the honesty suite. One place decides how a session is opened (pg loaded lazily, an idle
// error never crashing the process) and what its callers see: rows, not pg's types.
import type pg from 'pg';
import type { Blocker, LockWatch } from '../dialect.ts';
import { loadPg } from './pg-module.ts';

/** A plain session: statements and their rows. */
export interface PgSession {
  /** Runs one statement (or several, without parameters) and returns the rows of the last. */
  query<Row extends object = Record<string, unknown>>(statement: string, params?: readonly unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

export interface SessionOptions {
  /** application_name: how the session shows in pg_stat_activity. */
  readonly application?: string;
  readonly connectTimeoutMs?: number;
}

/** A pg client connected to `url`, for this folder's own use (the runner's connection, a session). */
export async function connectClient(
  url: string,
  options: SessionOptions & { readonly pipeline?: boolean } = {},
): Promise<pg.Client> {
  const { Client } = await loadPg();
  const client = new Client({
    connectionString: url,
    ...(options.application !== undefined ? { application_name: options.application } : {}),
    ...(options.connectTimeoutMs !== undefined ? { connectionTimeoutMillis: options.connectTimeoutMs } : {}),
    ...(options.pipeline ? { pipeline: true } : {}),
  });
  // An idle-session error (server restart, network loss) must not crash the process: the
  // next query fails with it instead.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  return client;
}

export async function openSession(url: string, options: SessionOptions = {}): Promise<PgSession> {
  const client = await connectClient(url, options);
  return {
    query: async <Row extends object>(statement: string, params?: readonly unknown[]) =>
      (await client.query<Row & pg.QueryResultRow>(statement, params === undefined ? undefined : [...params])).rows,
    close: () => client.end().catch(() => {}),
  };
}

/**
 * The second session of a guarded run: asks pg_blocking_pids() who the watched backend
 * (`pid`) waits for. It shows as 'strata-watch' in pg_stat_activity.
 */
export async function openLockWatch(url: string, pid: number): Promise<LockWatch> {
  const session = await openSession(url, { application: 'strata-watch' });
  return {
    async blockers(): Promise<Blocker[]> {
      const rows = await session.query<{
        pid: number;
        state: string | null;
        query: string | null;
        age: number | null;
        app: string | null;
      }>(
        `SELECT a.pid, a.state, a.query, extract(epoch FROM now() - a.xact_start)::float8 AS age, ` +
          `a.application_name AS app
           FROM unnest(pg_blocking_pids($1)) AS b(pid) LEFT JOIN pg_stat_activity a ON a.pid = b.pid`,
        [pid],
      );
      return rows.map((r) => ({
        pid: r.pid,
        state: r.state,
        query: r.query,
        xactAgeSeconds: r.age,
        application: r.app,
      }));
    },
    close: () => session.close(),
  };
}

/** Asks the server, from a short-lived session of its own, to cancel what backend `pid` runs. */
export async function cancelBackend(url: string, pid: number): Promise<void> {
  const session = await openSession(url, { connectTimeoutMs: 5_000 });
  try {
    await session.query('SELECT pg_cancel_backend($1)', [pid]);
  } finally {
    await session.close();
  }
}

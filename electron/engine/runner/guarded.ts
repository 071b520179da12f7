// Guarded execution on PostgreSQL: every statement runs under a short lock_timeout, so that a
// strong lock never waits long in the lock queue (where it would stall every query behind
// it); a revision that gives up on a lock (SQLSTATE 55P03 lock_not_available) is rolled back
// and retried, with backoff, a bounded number of times. Only transactional revisions are
// retried: a `transactional false` revision may be half applied and needs a person.
// While a statement runs, a second session polls pg_blocking_pids() of the runner's backend
// every 250 ms and reports who it waits for ('lock-wait' events with the blockers).
import type pg from 'pg';
import { loadPg } from '../dialects/postgres/pg-module.ts';
import type { RevisionId } from '../../../shared/model/revision.ts';
import type { Connection, StrataTables } from '../dialects/dialect.ts';
import type { RevisionMap } from '../graph/revision-map.ts';
import { StatementFailedError } from './errors.ts';
import { runMigration, type RunEvent, type RunOptions, type RunResult } from './runner.ts';

export interface GuardOptions {
  /** lock_timeout for every statement of the run, e.g. '2s'. */
  readonly lockTimeout: string;
  /** How many times a revision that hit the lock timeout is rolled back and run again. */
  readonly retries: number;
  /** First backoff; doubled each retry, with jitter (default 500 ms). */
  readonly backoffMs?: number;
  /** A URL for the watching session (pg_blocking_pids); without it nobody watches. */
  readonly watchUrl?: string;
  /** Poll interval of the watcher (default 250 ms). */
  readonly pollMs?: number;
}

export interface Blocker {
  readonly pid: number;
  readonly state: string | null;
  readonly query: string | null;
  readonly xactAgeSeconds: number | null;
  readonly application: string | null;
}

export const LOCK_NOT_AVAILABLE = '55P03';

export function sqlStateOf(error: unknown): string | undefined {
  const code = (error as { sqlState?: unknown; code?: unknown } | null)?.sqlState ?? (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Watches one backend from a second session while the runner's statements run. */
class BlockWatcher {
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private current: { revision: RevisionId; line: number; sql: string } | undefined;
  private constructor(
    private readonly client: pg.Client,
    private readonly pid: number,
    private readonly pollMs: number,
    private readonly emit: (event: RunEvent) => void,
  ) {}

  static async open(url: string, pid: number, pollMs: number, emit: (event: RunEvent) => void): Promise<BlockWatcher> {
    const { Client } = await loadPg();
    const client = new Client({ connectionString: url, application_name: 'strata-watch' });
    client.on('error', () => {});
    await client.connect();
    return new BlockWatcher(client, pid, pollMs, emit);
  }

  start(statement: { revision: RevisionId; line: number; sql: string }): void {
    this.stop();
    this.current = statement;
    this.timer = setInterval(() => void this.poll(), this.pollMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.current = undefined;
  }

  private async poll(): Promise<void> {
    if (this.busy || !this.current) return;
    this.busy = true;
    const statement = this.current;
    try {
      const rows = await this.client.query<{ pid: number; state: string | null; query: string | null; age: number | null; app: string | null }>(
        `SELECT a.pid, a.state, a.query, extract(epoch FROM now() - a.xact_start)::float8 AS age, a.application_name AS app
           FROM unnest(pg_blocking_pids($1)) AS b(pid) LEFT JOIN pg_stat_activity a ON a.pid = b.pid`,
        [this.pid],
      );
      if (rows.rows.length > 0 && this.current === statement) {
        const blockers: Blocker[] = rows.rows.map((r) => ({ pid: r.pid, state: r.state, query: r.query, xactAgeSeconds: r.age, application: r.app }));
        this.emit({ type: 'lock-wait', revision: statement.revision, line: statement.line, sql: statement.sql, blockers });
      }
    } catch {
      // The watcher is advice: a failed poll never fails the run.
    } finally {
      this.busy = false;
    }
  }

  async close(): Promise<void> {
    this.stop();
    await this.client.end().catch(() => {});
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** runMigration under a lock_timeout, retrying transactional revisions that hit it. */
export async function runGuarded(conn: Connection, map: RevisionMap, tables: StrataTables, options: RunOptions & { readonly guard: GuardOptions }): Promise<RunResult> {
  const { guard, ...rest } = options;
  const emit = options.onEvent ?? ((): void => {});
  const pid = conn.sql.name === 'postgres' ? ((await conn.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]?.pid ?? 0) : 0;
  const watcher = guard.watchUrl && pid ? await BlockWatcher.open(guard.watchUrl, pid, guard.pollMs ?? 250, emit) : undefined;
  const onEvent = (event: RunEvent): void => {
    if (event.type === 'statement-start') watcher?.start({ revision: event.revision, line: event.line, sql: event.sql });
    if (event.type === 'statement-end' || event.type === 'step-end' || event.type === 'done') watcher?.stop();
    emit(event);
  };
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        return await runMigration(conn, map, tables, { ...rest, settings: { ...rest.settings, lockTimeout: guard.lockTimeout }, onEvent });
      } catch (error) {
        watcher?.stop();
        const retryable = error instanceof StatementFailedError && error.rolledBack && sqlStateOf(error) === LOCK_NOT_AVAILABLE;
        if (!retryable || attempt >= guard.retries || options.signal?.aborted) throw error;
        const delay = Math.round((guard.backoffMs ?? 500) * 2 ** attempt * (0.75 + Math.random() * 0.5));
        emit({ type: 'lock-retry', revision: error.revision, line: error.line, attempt: attempt + 1, retries: guard.retries, delayMs: delay, reason: error.reason });
        await sleep(delay);
      }
    }
  } finally {
    await watcher?.close();
  }
}

export interface Leftover {
  readonly kind: 'invalid-index' | 'reindex-ccnew' | 'reindex-ccold' | 'detach-pending';
  readonly relation: string;
  readonly table: string;
  /** Why it is there, in a sentence. */
  readonly reason: string;
  /** SQL that cleans it up: offered to a person, never run by Strata on its own. */
  readonly cleanup: readonly string[];
}

function qualified(schema: string, name: string): string {
  const q = (s: string): string => (/^[a-z_][a-z0-9_$]*$/.test(s) ? s : `"${s.replace(/"/g, '""')}"`);
  return schema === 'public' ? q(name) : `${q(schema)}.${q(name)}`;
}

/**
 * What aborted CONCURRENTLY commands leave behind: invalid indexes (a failed or cancelled
 * CREATE INDEX CONCURRENTLY), `_ccnew` / `_ccold` indexes of an interrupted REINDEX
 * CONCURRENTLY, partitions still pending a DETACH … CONCURRENTLY (PostgreSQL 14+).
 */
export async function findConcurrentLeftovers(conn: Connection): Promise<Leftover[]> {
  const out: Leftover[] = [];
  const indexes = await conn.query<{ schema: string; name: string; tschema: string; table: string; def: string }>(
    `SELECT n.nspname AS schema, c.relname AS name, tn.nspname AS tschema, t.relname AS table, pg_get_indexdef(c.oid) AS def
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
      WHERE NOT i.indisvalid ORDER BY 1, 2`,
  );
  for (const i of indexes) {
    const relation = qualified(i.schema, i.name);
    const table = qualified(i.tschema, i.table);
    const drop = `DROP INDEX CONCURRENTLY IF EXISTS ${relation};`;
    if (/_ccnew\d*$/.test(i.name)) {
      out.push({ kind: 'reindex-ccnew', relation, table, reason: `${relation} is the half-built copy of an interrupted REINDEX CONCURRENTLY on ${table}; the original index is still in use`, cleanup: [drop] });
    } else if (/_ccold\d*$/.test(i.name)) {
      out.push({ kind: 'reindex-ccold', relation, table, reason: `${relation} is the old index an interrupted REINDEX CONCURRENTLY on ${table} already replaced`, cleanup: [drop] });
    } else {
      const create = i.def.replace(/^CREATE (UNIQUE )?INDEX /, (_m, u: string | undefined) => `CREATE ${u ?? ''}INDEX CONCURRENTLY `);
      out.push({ kind: 'invalid-index', relation, table, reason: `${relation} on ${table} is INVALID (a CREATE INDEX CONCURRENTLY failed or was cancelled): it is maintained on every write but never used by queries`, cleanup: [drop, `${create};`] });
    }
  }
  const [version] = await conn.query<{ num: number }>("SELECT current_setting('server_version_num')::int AS num");
  if ((version?.num ?? 0) >= 140000) {
    const pending = await conn.query<{ cschema: string; child: string; pschema: string; parent: string }>(
      `SELECT cn.nspname AS cschema, c.relname AS child, pn.nspname AS pschema, p.relname AS parent
         FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid JOIN pg_namespace cn ON cn.oid = c.relnamespace
         JOIN pg_class p ON p.oid = h.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
        WHERE h.inhdetachpending ORDER BY 1, 2`,
    );
    for (const d of pending) {
      const relation = qualified(d.cschema, d.child);
      const table = qualified(d.pschema, d.parent);
      out.push({ kind: 'detach-pending', relation, table, reason: `${relation} is half detached from ${table} (an interrupted DETACH PARTITION … CONCURRENTLY)`, cleanup: [`ALTER TABLE ${table} DETACH PARTITION ${relation} FINALIZE;`] });
    }
  }
  return out;
}

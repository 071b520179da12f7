// Guarded execution: a wrapper around one run. Every statement runs under a short
// lock_timeout, so that a strong lock never waits long in the lock queue (where it would
// stall every query behind it); a revision that gives up on a lock (SQLSTATE 55P03
// lock_not_available) is rolled back and the run tried again, with backoff, a bounded number
// of times. Only transactional revisions are retried: a `transactional false` revision may be
// half applied and needs a person. Where the connection can watch its locks
// (capabilities.lockWatch: PostgreSQL), a second session polls who the runner's statement
// waits for every 250 ms and reports it ('lock-wait' events with the blockers).
// The run itself comes in as a function: this file knows nothing of how a run is done.
import type { RevisionId } from '../../../shared/model/revision.ts';
import type { Connection, LockWatch } from '../dialects/dialect.ts';
import { LOCK_NOT_AVAILABLE, sqlStateOf, StatementFailedError } from './errors.ts';
import type { GuardOptions, RunEvent, RunOptions, RunResult } from './run-types.ts';

export type { GuardOptions } from './run-types.ts';

/** Polls a LockWatch while a statement runs, and reports its blockers as 'lock-wait' events. */
class BlockerPoller {
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private current: { revision: RevisionId; line: number; sql: string } | undefined;
  constructor(
    private readonly watch: LockWatch,
    private readonly pollMs: number,
    private readonly emit: (event: RunEvent) => void,
  ) {}

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
      const blockers = await this.watch.blockers();
      if (blockers.length > 0 && this.current === statement)
        this.emit({
          type: 'lock-wait',
          revision: statement.revision,
          line: statement.line,
          sql: statement.sql,
          blockers,
        });
    } catch {
      // The watcher is advice: a failed poll never fails the run.
    } finally {
      this.busy = false;
    }
  }

  async close(): Promise<void> {
    this.stop();
    await this.watch.close().catch(() => {});
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `run` (one attempt of a run) under a lock_timeout, again while transactional revisions hit it. */
export async function guarded(
  conn: Connection,
  guard: GuardOptions,
  options: RunOptions,
  run: (options: RunOptions) => Promise<RunResult>,
): Promise<RunResult> {
  const { guard: _guard, ...rest } = options;
  const emit = options.onEvent ?? ((): void => {});
  const watcher =
    guard.watchUrl && conn.capabilities.lockWatch
      ? new BlockerPoller(await conn.openLockWatch(guard.watchUrl), guard.pollMs ?? 250, emit)
      : undefined;
  const onEvent = (event: RunEvent): void => {
    if (event.type === 'statement-start')
      watcher?.start({ revision: event.revision, line: event.line, sql: event.sql });
    if (event.type === 'statement-end' || event.type === 'step-end' || event.type === 'done') watcher?.stop();
    emit(event);
  };
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        return await run({ ...rest, settings: { ...rest.settings, lockTimeout: guard.lockTimeout }, onEvent });
      } catch (error) {
        watcher?.stop();
        const retryable =
          error instanceof StatementFailedError && error.rolledBack && sqlStateOf(error) === LOCK_NOT_AVAILABLE;
        if (!retryable || attempt >= guard.retries || options.signal?.aborted) throw error;
        const delay = Math.round((guard.backoffMs ?? 500) * 2 ** attempt * (0.75 + Math.random() * 0.5));
        emit({
          type: 'lock-retry',
          revision: error.revision,
          line: error.line,
          attempt: attempt + 1,
          retries: guard.retries,
          delayMs: delay,
          reason: error.reason,
        });
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
    `SELECT n.nspname AS schema, c.relname AS name, tn.nspname AS tschema, t.relname AS table, ` +
      `pg_get_indexdef(c.oid) AS def
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
      WHERE NOT i.indisvalid ORDER BY 1, 2`,
  );
  for (const i of indexes) {
    const relation = qualified(i.schema, i.name);
    const table = qualified(i.tschema, i.table);
    const drop = `DROP INDEX CONCURRENTLY IF EXISTS ${relation};`;
    if (/_ccnew\d*$/.test(i.name)) {
      out.push({
        kind: 'reindex-ccnew',
        relation,
        table,
        reason:
          `${relation} is the half-built copy of an interrupted REINDEX CONCURRENTLY on ${table}; ` +
          `the original index is still in use`,
        cleanup: [drop],
      });
    } else if (/_ccold\d*$/.test(i.name)) {
      out.push({
        kind: 'reindex-ccold',
        relation,
        table,
        reason: `${relation} is the old index an interrupted REINDEX CONCURRENTLY on ${table} already replaced`,
        cleanup: [drop],
      });
    } else {
      const create = i.def.replace(
        /^CREATE (UNIQUE )?INDEX /,
        (_m, u: string | undefined) => `CREATE ${u ?? ''}INDEX CONCURRENTLY `,
      );
      out.push({
        kind: 'invalid-index',
        relation,
        table,
        reason:
          `${relation} on ${table} is INVALID (a CREATE INDEX CONCURRENTLY failed or was cancelled): ` +
          `it is maintained on every write but never used by queries`,
        cleanup: [drop, `${create};`],
      });
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
      out.push({
        kind: 'detach-pending',
        relation,
        table,
        reason: `${relation} is half detached from ${table} (an interrupted DETACH PARTITION … CONCURRENTLY)`,
        cleanup: [`ALTER TABLE ${table} DETACH PARTITION ${relation} FINALIZE;`],
      });
    }
  }
  return out;
}

// Test support for the honesty suite (locks.pg.test.ts): runs one statement on a real
// PostgreSQL inside a transaction and reports what the database did, to be compared with
// what the analyzer predicted.
//
// - Locks: read from a SECOND session's view of pg_locks (granted relation locks of the
//   first session's pid), mapped to names, keeping only relations that existed before the
//   statement (not the transaction's own new objects) in the user's schemas (no catalogs,
//   no TOAST), named as the analyzer names them (schema.name outside public). Strongest
//   mode per relation.
// - Rewrite: a pre-existing table or matview got a new relfilenode with rows in it. Read by
//   the first session itself: its catalog change is not visible to others before commit.
//   (TRUNCATE's new storage is empty: no row was copied, so it is not a rewrite.)
// - Blocking: a THIRD session probes every locked table, view and matview (and the table of
//   every locked index) with a plain SELECT and an INSERT under a short lock_timeout; a probe
//   that times out (SQLSTATE 55P03) was blocked. The INSERT runs in a transaction that is
//   rolled back, and usually fails on a NOT NULL column — after its locks were granted.
import { openSession, type PgSession } from '../../../electron/engine/dialects/postgres/sessions.ts';
import type { RelationKind, LockMode } from '../../../electron/engine/lint/types.ts';
import { comparable } from '../../../electron/engine/lint/lock-modes.ts';
import { stronger } from '../../../shared/model/lock-mode.ts';

export interface ObservedLock {
  readonly relation: string;
  readonly mode: LockMode;
  readonly kind: RelationKind;
}

export interface Observation {
  readonly locks: readonly ObservedLock[];
  readonly rewrites: boolean;
  readonly blocksReads: boolean;
  readonly blocksWrites: boolean;
}

const KINDS: Readonly<Record<string, RelationKind>> = {
  r: 'table',
  p: 'partitioned-table',
  v: 'view',
  m: 'matview',
  i: 'index',
  I: 'index',
  S: 'sequence',
};

const PROBE_TIMEOUT = '40ms';

/** A relation's name as the analyzer gives it (schema-qualified outside public) as SQL. */
function quote(name: string): string {
  return name
    .split('.')
    .map((part) => `"${part.replace(/"/g, '""')}"`)
    .join('.');
}

const USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'";
const NAME = "CASE WHEN n.nspname = 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END";

interface Snapshot {
  readonly byOid: ReadonlyMap<number, { name: string; kind: string; filenode: number; owner: number | null }>;
}

export class LockObserver {
  private constructor(
    private readonly runner: PgSession,
    private readonly observer: PgSession,
    private readonly prober: PgSession,
    private readonly pid: number,
  ) {}

  static async open(url: string): Promise<LockObserver> {
    const clients = [await openSession(url), await openSession(url), await openSession(url)] as const;
    const pid = (await clients[0].query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]?.pid ?? 0;
    await clients[2].query(`SET lock_timeout = '${PROBE_TIMEOUT}'`);
    return new LockObserver(clients[0], clients[1], clients[2], pid);
  }

  async exec(sql: string): Promise<void> {
    await this.runner.query(sql);
  }

  async query<T extends object>(sql: string): Promise<T[]> {
    return this.runner.query<T>(sql);
  }

  private async snapshot(): Promise<Snapshot> {
    const rows = await this.runner.query<{
      oid: number;
      name: string;
      kind: string;
      filenode: number;
      owner: number | null;
      size: string;
    }>(
      `SELECT c.oid::int AS oid, ${NAME} AS name, c.relkind::text AS kind, c.relfilenode::int AS filenode, ` +
        `i.indrelid::int AS owner
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_index i ON i.indexrelid = c.oid
        WHERE ${USER_SCHEMAS}`,
    );
    return {
      byOid: new Map(rows.map((r) => [r.oid, { name: r.name, kind: r.kind, filenode: r.filenode, owner: r.owner }])),
    };
  }

  /** SQLSTATE of PostgreSQL's refusal when the statement is run inside BEGIN, if any. */
  async errorInTransaction(sql: string): Promise<string | undefined> {
    await this.runner.query('BEGIN');
    try {
      await this.runner.query(sql);
      return undefined;
    } catch (error) {
      return (error as { code?: string }).code ?? 'unknown';
    } finally {
      await this.runner.query('ROLLBACK');
    }
  }

  async observe(sql: string): Promise<Observation> {
    const before = await this.snapshot();
    await this.runner.query('BEGIN');
    try {
      await this.runner.query(sql);
      const held = await this.observer.query<{ oid: number; mode: LockMode }>(
        `SELECT relation::int AS oid, mode FROM pg_locks WHERE pid = $1 AND locktype = 'relation' AND granted`,
        [this.pid],
      );
      const strongest = new Map<number, LockMode>();
      for (const r of held) {
        if (!before.byOid.has(r.oid)) continue; // new in this transaction, or a catalog
        const prev = strongest.get(r.oid);
        strongest.set(r.oid, prev ? stronger(prev, r.mode) : r.mode);
      }
      const locks: ObservedLock[] = [...strongest].map(([oid, mode]) => {
        const rel = before.byOid.get(oid) as { name: string; kind: string };
        return { relation: rel.name, mode, kind: KINDS[rel.kind] ?? 'unknown' };
      });
      const after = await this.runner.query<{ oid: number; filenode: number; size: string }>(
        `SELECT c.oid::int AS oid, c.relfilenode::int AS filenode, pg_relation_size(c.oid)::text AS size
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER_SCHEMAS} AND c.relkind IN ` +
          `('r', 'm')`,
      );
      const rewrites = after.some((r) => {
        const old = before.byOid.get(r.oid);
        return old !== undefined && old.filenode !== r.filenode && Number(r.size) > 0;
      });
      const probes = new Map<string, string>();
      for (const [oid] of strongest) {
        const rel = before.byOid.get(oid);
        if (!rel) continue;
        const target =
          rel.kind === 'i' || rel.kind === 'I' ? (rel.owner !== null ? before.byOid.get(rel.owner) : undefined) : rel;
        if (target && ['r', 'p', 'v', 'm'].includes(target.kind)) probes.set(target.name, target.kind);
      }
      let blocksReads = false;
      let blocksWrites = false;
      for (const [name, kind] of probes) {
        if (!blocksReads && (await this.blocked(`SELECT 1 FROM ${quote(name)} LIMIT 0`, false))) blocksReads = true;
        // Matviews take no writes: nothing to probe.
        if (!blocksWrites && kind !== 'm' && (await this.blocked(`INSERT INTO ${quote(name)} DEFAULT VALUES`, true)))
          blocksWrites = true;
      }
      return { locks, rewrites, blocksReads, blocksWrites };
    } finally {
      await this.runner.query('ROLLBACK');
    }
  }

  /**
   * For a statement PostgreSQL refuses inside a transaction block (VACUUM, REINDEX
   * CONCURRENTLY…): the table lock it asks for, and whether it rewrote the table. A third
   * session holds SHARE UPDATE EXCLUSIVE on `table` (it conflicts with every mode such a
   * statement may want, but not with the ACCESS SHARE they take first to look the name up),
   * so the statement waits for its table lock in plain sight of pg_locks; then the holder
   * lets go and the statement runs to its end (and commits). A statement that never waits
   * gives no mode: it wants nothing stronger than ROW EXCLUSIVE.
   */
  async observeOutsideTransaction(
    sql: string,
    table: string,
  ): Promise<{ readonly mode: LockMode | undefined; readonly rewrites: boolean }> {
    const filenode = async (): Promise<number | undefined> =>
      (
        await this.runner.query<{ f: number }>(`SELECT relfilenode::int AS f FROM pg_class WHERE oid = $1::regclass`, [
          quote(table),
        ])
      )[0]?.f;
    const before = await filenode();
    await this.prober.query('BEGIN');
    let running: Promise<unknown> | undefined;
    let mode: LockMode | undefined;
    try {
      await this.prober.query(`LOCK TABLE ${quote(table)} IN SHARE UPDATE EXCLUSIVE MODE`);
      // Caught here, rethrown by the await below: an unawaited rejection must not escape.
      let settled = false;
      running = this.runner
        .query(sql)
        .catch((error: unknown) => error)
        .finally(() => (settled = true));
      // A statement that never waits wants nothing that conflicts with SHARE UPDATE EXCLUSIVE.
      const deadline = Date.now() + 10_000;
      while (mode === undefined && !settled && Date.now() < deadline) {
        const rows = await this.observer.query<{ mode: LockMode }>(
          `SELECT mode FROM pg_locks WHERE pid = $1 AND locktype = ` +
            `'relation' AND NOT granted AND relation = $2::regclass`,
          [this.pid, quote(table)],
        );
        mode = rows[0]?.mode;
        if (mode === undefined) await new Promise((r) => setTimeout(r, 10));
      }
    } finally {
      await this.prober.query('ROLLBACK');
    }
    const outcome = await running;
    if (outcome instanceof Error) throw outcome;
    return { mode, rewrites: (await filenode()) !== before };
  }

  private async blocked(sql: string, inTransaction: boolean): Promise<boolean> {
    if (inTransaction) await this.prober.query('BEGIN');
    try {
      await this.prober.query(sql);
      return false;
    } catch (error) {
      return (error as { code?: string }).code === '55P03';
    } finally {
      if (inTransaction) await this.prober.query('ROLLBACK');
    }
  }

  async close(): Promise<void> {
    for (const c of [this.runner, this.observer, this.prober]) await c.close();
  }
}

export function lockKeys(
  locks: readonly { relation: string; mode: LockMode; kind: RelationKind; isNew?: boolean }[],
): string[] {
  return locks
    .filter(comparable)
    .map((l) => `${l.relation}:${l.mode}`)
    .sort();
}

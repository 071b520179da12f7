// The size-aware preview: for every relation the statements lock, what it weighs on this
// server (pg_class.reltuples, pg_total_relation_size), how long a rewrite or a scan of it
// should hold its lock at a throughput measured on this same server, and which sessions hold
// or wait for a lock that conflicts with the one the migration wants — the lock queue a
// "brief" ACCESS EXCLUSIVE would stall every later query behind.
//
// Throughput is measured, not assumed: inside a transaction that is rolled back, a sample
// table of `sampleRows` rows is built, then (1) read with a sequential scan (count(*)) and
// (2) copied with CREATE TABLE AS, each timed with clock_timestamp() on the server. Bytes per
// second = the sample's pg_relation_size / elapsed time. The sample is freshly written, so it
// is in shared buffers: a cold table read from disk is slower; the estimate is a lower bound
// on the hold time, and the result says so.
import { openSession, type PgSession } from '../../dialects/postgres/sessions.ts';
import { comparable } from '../lock-modes.ts';
import { conflicts, stronger } from '../../../../shared/model/lock-mode.ts';
import type { LockMode, RelationKind } from '../types.ts';

export interface ImpactLock {
  readonly relation: string;
  readonly mode: LockMode;
  readonly kind: RelationKind;
  readonly isNew?: boolean;
}

/** One statement as the analyzer described it (a StatementReport fits). */
export interface ImpactStatement {
  readonly locks: readonly ImpactLock[];
  readonly rewrites: boolean;
  readonly scans: boolean;
}

export interface ConflictingSession {
  readonly pid: number;
  /** The mode that session holds or waits for on the relation. */
  readonly mode: LockMode;
  readonly granted: boolean;
  readonly state: string | null;
  readonly xactAgeSeconds: number | null;
  readonly query: string | null;
  readonly application: string | null;
}

export interface RelationImpact {
  readonly relation: string;
  readonly kind: RelationKind;
  /** Strongest mode the statements take on it. */
  readonly mode: LockMode;
  /** pg_class.reltuples (an estimate: ANALYZE / VACUUM keep it fresh); null before the first one. */
  readonly rows: number | null;
  /** pg_total_relation_size: heap, TOAST and indexes. */
  readonly bytes: number;
  readonly heapBytes: number;
  readonly work: 'rewrite' | 'scan' | null;
  readonly estimatedSeconds: number | null;
  readonly method: string | null;
  readonly conflictingSessions: readonly ConflictingSession[];
  /** Not found in the catalog (created by the migration itself, or a typo). */
  readonly missing?: true;
}

export interface Throughput {
  readonly scanBytesPerSecond: number;
  readonly copyBytesPerSecond: number;
  readonly method: string;
}

export interface LiveImpact {
  readonly throughput: Throughput;
  readonly relations: readonly RelationImpact[];
}

export interface LiveImpactOptions {
  /** Rows of the measuring sample (default 100,000, about 6.5 MB). */
  readonly sampleRows?: number;
  /** Reuse a measurement instead of taking a new one. */
  readonly throughput?: Throughput;
}

function splitName(relation: string): { schema: string; name: string } {
  const dot = relation.indexOf('.');
  return dot < 0
    ? { schema: 'public', name: relation }
    : { schema: relation.slice(0, dot), name: relation.slice(dot + 1) };
}

const MB = 1024 * 1024;

export async function measureThroughput(client: PgSession, sampleRows = 100_000): Promise<Throughput> {
  const rows = Math.max(1000, Math.floor(sampleRows));
  await client.query('BEGIN');
  try {
    await client.query('SET LOCAL statement_timeout = 0');
    await client.query(
      `CREATE TABLE strata_throughput_probe AS SELECT g AS id, md5(g::text) ` +
        `AS v, g::float8 AS f FROM generate_series(1, ${rows}) g`,
    );
    const size = Number(
      (await client.query<{ s: string }>("SELECT pg_relation_size('strata_throughput_probe')::text AS s"))[0]?.s ?? 0,
    );
    const timed = async (sql: string): Promise<number> => {
      const t0 = (await client.query<{ t: string }>('SELECT extract(epoch FROM clock_timestamp())::text AS t'))[0]?.t;
      await client.query(sql);
      const t1 = (await client.query<{ t: string }>('SELECT extract(epoch FROM clock_timestamp())::text AS t'))[0]?.t;
      return Math.max(1e-4, Number(t1) - Number(t0));
    };
    const scan = await timed('SELECT count(*) FROM strata_throughput_probe WHERE v IS NOT NULL');
    const copy = await timed('CREATE TABLE strata_throughput_copy AS SELECT * FROM strata_throughput_probe');
    const scanRate = size / scan;
    const copyRate = size / copy;
    return {
      scanBytesPerSecond: scanRate,
      copyBytesPerSecond: copyRate,
      method:
        `measured on this server in a rolled-back transaction: ` +
        `a ${rows}-row sample table (${(size / MB).toFixed(1)} MB heap) ` +
        `read by a sequential scan in ${(scan * 1000).toFixed(1)} ms (${(scanRate / MB).toFixed(0)} MB/s) ` +
        `and copied by CREATE TABLE AS in ${(copy * 1000).toFixed(1)} ms (${(copyRate / MB).toFixed(0)} MB/s); ` +
        `the sample was in shared buffers, so a cold table takes longer: the estimates are lower bounds`,
    };
  } finally {
    await client.query('ROLLBACK').catch(() => {});
  }
}

export async function liveImpact(
  url: string,
  statements: readonly ImpactStatement[],
  options: LiveImpactOptions = {},
): Promise<LiveImpact> {
  // Strongest mode per relation, and the heaviest work any statement does on it.
  const wanted = new Map<string, { mode: LockMode; kind: RelationKind; work: 'rewrite' | 'scan' | null }>();
  for (const s of statements) {
    for (const l of s.locks) {
      if (!comparable(l)) continue;
      const prev = wanted.get(l.relation);
      const table = l.kind === 'table' || l.kind === 'matview' || l.kind === 'partitioned-table';
      const work =
        table && s.rewrites && l.mode === 'AccessExclusiveLock'
          ? 'rewrite'
          : table && (s.scans || s.rewrites)
            ? 'scan'
            : null;
      const heavier = prev?.work === 'rewrite' || work === null ? (prev?.work ?? null) : work;
      wanted.set(l.relation, { mode: prev ? stronger(prev.mode, l.mode) : l.mode, kind: l.kind, work: heavier });
    }
  }
  const client = await openSession(url);
  try {
    const needsRate = [...wanted.values()].some((w) => w.work !== null);
    const unmeasured = (why: string): Throughput => ({
      scanBytesPerSecond: 0,
      copyBytesPerSecond: 0,
      method: `not measured: ${why}`,
    });
    // A read-only server (a standby, a read-only role) cannot build the sample: no estimate then.
    const throughput =
      options.throughput ??
      (needsRate
        ? await measureThroughput(client, options.sampleRows).catch((e: unknown) =>
            unmeasured(e instanceof Error ? e.message : String(e)),
          )
        : unmeasured('no statement rewrites or scans a table'));
    const rate = (r: number): number | null => (r > 0 ? r : null);
    const relations: RelationImpact[] = [];
    for (const [relation, want] of wanted) {
      const { schema, name } = splitName(relation);
      const found = await client.query<{ oid: number; rows: number; bytes: string; heap: string }>(
        `SELECT c.oid::int AS oid, c.reltuples::float8 AS rows, pg_total_relation_size(c.oid)::text AS bytes, ` +
          `pg_relation_size(c.oid)::text AS heap
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2`,
        [schema, name],
      );
      const rel = found[0];
      if (!rel) {
        relations.push({
          relation,
          kind: want.kind,
          mode: want.mode,
          rows: null,
          bytes: 0,
          heapBytes: 0,
          work: want.work,
          estimatedSeconds: null,
          method: null,
          conflictingSessions: [],
          missing: true,
        });
        continue;
      }
      const bytes = Number(rel.bytes);
      const heapBytes = Number(rel.heap);
      // A rewrite copies the heap and rebuilds every index: about the total size written.
      const copyRate = rate(throughput.copyBytesPerSecond);
      const scanRate = rate(throughput.scanBytesPerSecond);
      const estimatedSeconds =
        want.work === 'rewrite' && copyRate
          ? bytes / copyRate
          : want.work === 'scan' && scanRate
            ? heapBytes / scanRate
            : null;
      const method =
        estimatedSeconds === null
          ? null
          : want.work === 'rewrite'
            ? 'total relation size / measured CREATE TABLE AS copy rate'
            : 'heap size / measured sequential scan rate';
      const sessions = await client.query<{
        pid: number;
        mode: LockMode;
        granted: boolean;
        state: string | null;
        age: number | null;
        query: string | null;
        app: string | null;
      }>(
        `SELECT l.pid, l.mode, l.granted, a.state, extract(epoch FROM now() - a.xact_start)::float8 AS age, ` +
          `a.query, a.application_name AS app
           FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'relation' AND l.relation = $1 AND l.pid <> pg_backend_pid()
          ORDER BY a.xact_start NULLS LAST, l.pid`,
        [rel.oid],
      );
      const conflictingSessions = sessions
        .filter((s) => conflicts(s.mode, want.mode))
        .map((s) => ({
          pid: s.pid,
          mode: s.mode,
          granted: s.granted,
          state: s.state,
          xactAgeSeconds: s.age,
          query: s.query,
          application: s.app,
        }));
      relations.push({
        relation,
        kind: want.kind,
        mode: want.mode,
        rows: rel.rows < 0 ? null : rel.rows,
        bytes,
        heapBytes,
        work: want.work,
        estimatedSeconds,
        method,
        conflictingSessions,
      });
    }
    return { throughput, relations };
  } finally {
    await client.close();
  }
}

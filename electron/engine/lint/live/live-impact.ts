// The size-aware preview: for every relation the statements lock, what it weighs on this
// server (pg_class.reltuples, pg_total_relation_size), how long the statements that lock it
// should hold that lock, and which sessions hold or wait for a lock that conflicts with the one
// the migration wants — the lock queue a "brief" ACCESS EXCLUSIVE would stall every later
// query behind.
//
// The time is the work's: the statement's work read from its text (statement-work.ts), priced
// by the cost model (cost-model.ts) with the unit costs measured on this server once and kept
// (calibration.ts). Waiting to get the lock is not in it: conflictingSessions shows what the
// statement would queue behind.
import { openSession, type PgSession } from '../../dialects/postgres/sessions.ts';
import { comparable } from '../lock-modes.ts';
import { conflicts, stronger } from '../../../../shared/model/lock-mode.ts';
import type { LockMode, RelationKind } from '../types.ts';
import { cachedCalibration, calibrate, type Calibration, type CalibrateOptions } from './calibration.ts';
import { priceWork, type PricedWork } from './cost-model.ts';
import { statementWork, type StatementWork } from './statement-work.ts';
import { readTableFacts, type TableFacts } from './table-shapes.ts';
import { readValidationPlan } from './validation-plan.ts';
import { loadParser } from '../parse.ts';

export interface ImpactLock {
  readonly relation: string;
  readonly mode: LockMode;
  readonly kind: RelationKind;
  readonly isNew?: boolean;
}

/** One statement as the analyzer described it (a StatementReport fits). */
export interface ImpactStatement {
  /** The statement's text: what it builds or validates is read from it. */
  readonly statement?: string;
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
  /** The heaviest work done on it while the lock is held. */
  readonly work: ImpactWork | null;
  readonly estimatedSeconds: number | null;
  /** How the estimate was made: the terms priced, with their seconds. */
  readonly method: string | null;
  readonly conflictingSessions: readonly ConflictingSession[];
  /** Not found in the catalog (created by the migration itself, or a typo). */
  readonly missing?: true;
}

export type ImpactWork = PricedWork['kind'];

export interface LiveImpact {
  /** How the unit costs were measured (or why not), and what the estimates leave out. */
  readonly calibration: { readonly method: string };
  readonly relations: readonly RelationImpact[];
}

export interface LiveImpactOptions extends CalibrateOptions {
  /** Use these unit costs instead of this server's measured (and cached) ones. */
  readonly calibration?: Calibration;
}

/** Said with every estimate: the lock queue is shown apart, never priced. */
export const EXCLUDES_LOCK_WAITS =
  'the estimates price the work done while the lock is held; time spent waiting to get the lock is not included';

interface PricedStatement {
  readonly relations: ReadonlySet<string>;
  readonly parts: readonly { readonly work: ImpactWork; readonly seconds: number; readonly method: string }[];
}

/** Reads each table's facts once. */
function factsReader(client: PgSession): (relation: string) => Promise<TableFacts | undefined> {
  const known = new Map<string, Promise<TableFacts | undefined>>();
  return (relation) => {
    let facts = known.get(relation);
    if (!facts) known.set(relation, (facts = readTableFacts(client, relation)));
    return facts;
  };
}

/** The statement's work against the catalog: what it builds, validates, rewrites or scans, sized. */
async function resolveWork(
  client: PgSession,
  facts: (relation: string) => Promise<TableFacts | undefined>,
  s: ImpactStatement,
): Promise<PricedWork[]> {
  const parsed = s.statement === undefined ? undefined : statementWork(s.statement);
  const items: StatementWork[] = parsed ?? [];
  const out: PricedWork[] = [];
  if (!parsed) {
    // What the analyzer said: a rewrite of each table it locks ACCESS EXCLUSIVE, else a scan.
    for (const l of s.locks) {
      const table = l.kind === 'table' || l.kind === 'matview';
      if (!table || !comparable(l) || !(s.rewrites || s.scans)) continue;
      const t = await facts(l.relation);
      if (t) out.push({ kind: s.rewrites && l.mode === 'AccessExclusiveLock' ? 'rewrite' : 'scan', table: t });
    }
    return out;
  }
  for (const w of items) {
    const t = await facts(w.table);
    if (!t) continue;
    if (w.kind === 'scan') out.push({ kind: 'scan', table: t });
    else if (w.kind === 'index-build') out.push({ kind: 'index-build', table: t, index: t.shapeOf(w.columns, 'new') });
    else if (w.kind === 'foreign-key') {
      const referenced = await facts(w.referenced);
      if (referenced) out.push(await foreignKeyWork(client, t, w.columns, referenced, w.referencedColumns));
    } else {
      // The key columns in the constraint's order (conkey / confkey pair up by position).
      const found = await client.query<{ type: string; ref: string | null; cols: string[]; refcols: string[] }>(
        `SELECT c.contype::text AS type, c.confrelid::regclass::text AS ref,
                ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i) AS cols,
                ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                        JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i) AS refcols
           FROM pg_constraint c WHERE c.conrelid = $1 AND c.conname = $2`,
        [t.oid, w.constraint],
      );
      const c = found[0];
      const referenced = c?.type === 'f' && c.ref ? await facts(c.ref) : undefined;
      if (c && referenced) out.push(await foreignKeyWork(client, t, c.cols, referenced, c.refcols));
      else if (c?.type === 'c') out.push({ kind: 'scan', table: t });
    }
  }
  return out;
}

/** A foreign key's validation, with the plan the server would run it with when it can be had. */
async function foreignKeyWork(
  client: PgSession,
  table: TableFacts,
  columns: readonly string[],
  referenced: TableFacts,
  referencedColumns: readonly string[],
): Promise<PricedWork> {
  const plan = await readValidationPlan(client, { table, columns, referenced, referencedColumns });
  return { kind: 'foreign-key', table, referenced, key: table.shapeOf(columns, 'key'), ...(plan ? { plan } : {}) };
}

async function conflictingSessions(client: PgSession, oid: number, mode: LockMode): Promise<ConflictingSession[]> {
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
    [oid],
  );
  return sessions
    .filter((s) => conflicts(s.mode, mode))
    .map((s) => ({
      pid: s.pid,
      mode: s.mode,
      granted: s.granted,
      state: s.state,
      xactAgeSeconds: s.age,
      query: s.query,
      application: s.app,
    }));
}

/** The calibration to price with: given, cached for this server, or measured now. */
async function calibrationFor(client: PgSession, url: string, options: LiveImpactOptions): Promise<Calibration> {
  if (options.calibration) return options.calibration;
  const { calibration, cached } = cachedCalibration(url, () => calibrate(client, options));
  const c = await calibration;
  return cached ? { ...c, method: `${c.method} (kept from the first estimate on this server in this process)` } : c;
}

export async function liveImpact(
  url: string,
  statements: readonly ImpactStatement[],
  options: LiveImpactOptions = {},
): Promise<LiveImpact> {
  // Strongest mode per relation.
  const wanted = new Map<string, { mode: LockMode; kind: RelationKind }>();
  for (const s of statements) {
    for (const l of s.locks) {
      if (!comparable(l)) continue;
      const prev = wanted.get(l.relation);
      wanted.set(l.relation, { mode: prev ? stronger(prev.mode, l.mode) : l.mode, kind: l.kind });
    }
  }
  if (statements.some((s) => s.statement !== undefined)) await loadParser();
  const client = await openSession(url);
  try {
    const facts = factsReader(client);
    const works: { relations: Set<string>; work: PricedWork[] }[] = [];
    for (const s of statements) {
      const relations = new Set(s.locks.filter((l) => comparable(l)).map((l) => l.relation));
      works.push({ relations, work: await resolveWork(client, facts, s) });
    }
    let calibration: Calibration | undefined;
    let method: string;
    if (!works.some((w) => w.work.length > 0)) method = 'not measured: no statement rewrites, scans or builds';
    else {
      // A read-only server (a standby, a read-only role) cannot build the samples: no estimate then.
      try {
        calibration = await calibrationFor(client, url, options);
        method = `${calibration.method}; ${EXCLUDES_LOCK_WAITS}`;
      } catch (e) {
        method = `not measured: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
    const priced: PricedStatement[] = works.map(({ relations, work }) => ({
      relations,
      parts: calibration
        ? work.map((w) => ({ work: w.kind, ...priceWork((calibration as Calibration).costs, w) }))
        : [],
    }));
    const relations: RelationImpact[] = [];
    for (const [relation, want] of wanted) {
      const rel = await facts(relation);
      const parts = priced.filter((p) => p.relations.has(relation)).flatMap((p) => p.parts);
      const heaviest = parts.reduce<(typeof parts)[number] | undefined>(
        (best, p) => (best === undefined || p.seconds > best.seconds ? p : best),
        undefined,
      );
      const estimate = parts.length === 0 ? null : parts.reduce((sum, p) => sum + p.seconds, 0);
      const base = { relation, kind: want.kind, mode: want.mode, work: heaviest?.work ?? null };
      if (!rel) {
        relations.push({
          ...base,
          rows: null,
          bytes: 0,
          heapBytes: 0,
          estimatedSeconds: null,
          method: null,
          conflictingSessions: [],
          missing: true,
        });
        continue;
      }
      relations.push({
        ...base,
        rows: rel.analyzedRows < 0 ? null : rel.analyzedRows,
        bytes: rel.totalBytes,
        heapBytes: rel.heapBytes,
        estimatedSeconds: estimate,
        method: parts.length === 0 ? null : parts.map((p) => `${p.work}: ${p.method}`).join('; '),
        conflictingSessions: await conflictingSessions(client, rel.oid, want.mode),
      });
    }
    return { calibration: { method }, relations };
  } finally {
    await client.close();
  }
}

// Rehearsal: run a plan's statements on PostgreSQL inside ONE transaction that is always
// rolled back, and record for each statement what the database actually did, next to what
// the analyzer predicted.
//
// - Locks: after each statement a SECOND session reads pg_locks for the rehearsal session's
//   pid (granted relation locks). The transaction keeps every lock until the end, so a
//   statement's locks are the (relation, mode) pairs that were not held before it. A mode
//   already held before the statement cannot be seen again: that relation is left out of
//   the comparison (listed as "already held"). Relations the rehearsal itself created are
//   left out on both sides: nobody else can be waiting for them.
// - Rewrite: a table or matview that existed before the rehearsal got a new relfilenode with
//   rows in it. Read by the rehearsal session itself, since the new relfilenode is invisible
//   to other sessions before commit.
// - Time: wall-clock time of each statement on this server, with the data it has.
// - Prediction: the analyzer (lintSection) per step, on the schema read from the same
//   database's catalog and replayed through the earlier steps of the plan.
// Statements that cannot run in a transaction block (revisions marked `transactional false`,
// CONCURRENTLY, VACUUM…) are not rehearsable and are skipped; statements after them that
// depended on them may then fail, which is reported as such, not hidden. Each statement runs
// under a SAVEPOINT so that one failure does not end the rehearsal.
import { performance } from 'node:perf_hooks';
import type { Blocker, LockWatch } from '../dialects/dialect.ts';
import { openLockWatch, openSession, type PgSession } from '../dialects/postgres/sessions.ts';
import type { Direction, PlanStep, RevisionId } from '../../../shared/model/revision.ts';
import type { RevisionMap } from '../graph/revision-map.ts';
import { connect, parseDatabaseUrl } from '../dialects/registry.ts';
import { loadLiveCatalog } from '../lint/catalog/live-catalog.ts';
import { lintSection, type LintOptions } from '../lint/linter.ts';
import { stronger } from '../../../shared/model/lock-mode.ts';
import type { LockMode, RelationKind, StatementReport } from '../lint/types.ts';
import { isTransactionControl, splitStatements } from '../sql/statements.ts';
import { recordBlockers } from './blockers.ts';
import { compareStatement, type ComparedLock } from './compare.ts';

export interface RehearsalLock {
  readonly relation: string;
  readonly mode: LockMode;
  readonly kind: RelationKind;
  /** Predicted only: created earlier in the same revision. */
  readonly isNew?: boolean;
}

export type RehearsalStatus = 'ok' | 'failed' | 'not-rehearsable';

export interface RehearsedStatement {
  readonly revision: RevisionId;
  readonly direction: Direction;
  readonly file: string;
  readonly line: number;
  readonly sql: string;
  readonly kind: string;
  readonly status: RehearsalStatus;
  /** Why the statement was skipped, or the error PostgreSQL gave. */
  readonly reason?: string;
  /** SQLSTATE of a failure. */
  readonly code?: string;
  /** The sessions last seen holding the locks a failed statement waited for (a lock timeout). */
  readonly blockedBy?: readonly Blocker[];
  readonly durationMs: number | null;
  readonly predicted: {
    readonly locks: readonly RehearsalLock[];
    readonly rewrites: boolean;
    readonly scans: boolean;
    readonly transactional: boolean;
  };
  readonly observed: {
    readonly locks: readonly RehearsalLock[];
    readonly rewrites: boolean;
    readonly alreadyHeld: readonly string[];
  } | null;
  /** Differences between prediction and observation: analyzer bugs. */
  readonly differences: readonly string[];
}

export interface RehearsalResult {
  readonly database: string;
  readonly serverVersion: string;
  readonly steps: readonly PlanStep[];
  readonly statements: readonly RehearsedStatement[];
  readonly analyzerBugs: readonly {
    readonly revision: RevisionId;
    readonly line: number;
    readonly file: string;
    readonly message: string;
  }[];
  readonly notRehearsable: number;
  readonly failed: number;
  readonly rolledBack: true;
}

export interface RehearseOptions {
  /** lock_timeout of the rehearsal session (it takes the real locks): default '5s'. */
  readonly lockTimeout?: string;
  readonly lintOptions?: LintOptions;
  /** How often the sessions a statement waits for are read (default 100 ms). */
  readonly blockerPollMs?: number;
  /** Replaces the comparison (tests inject a wrong prediction through it). */
  readonly compare?: typeof compareStatement;
}

const KINDS: Readonly<Record<string, RelationKind>> = {
  r: 'table',
  p: 'partitioned-table',
  v: 'view',
  m: 'matview',
  i: 'index',
  I: 'index',
  S: 'sequence',
  f: 'table',
};

const USER_SCHEMAS =
  "n.nspname NOT IN ('pg_catalog', 'information_schema') " +
  "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";

interface RelRow {
  oid: number;
  name: string;
  kind: string;
  filenode: number;
}

function display(schema: string, name: string): string {
  return schema === 'public' ? name : `${schema}.${name}`;
}

async function relations(session: PgSession): Promise<Map<number, RelRow>> {
  const rows = await session.query<RelRow & { schema: string }>(
    `SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS kind, ` +
      `c.relfilenode::int AS filenode
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER_SCHEMAS}`,
  );
  return new Map(
    rows.map((r) => [r.oid, { oid: r.oid, name: display(r.schema, r.name), kind: r.kind, filenode: r.filenode }]),
  );
}

async function heldPairs(observer: PgSession, pid: number): Promise<Set<string>> {
  const rows = await observer.query<{ oid: number; mode: LockMode }>(
    `SELECT relation::int AS oid, mode FROM pg_locks WHERE pid = $1 AND locktype = 'relation' AND granted`,
    [pid],
  );
  return new Set(rows.map((r) => `${r.oid}:${r.mode}`));
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export async function rehearse(
  url: string,
  map: RevisionMap,
  steps: readonly PlanStep[],
  options: RehearseOptions = {},
): Promise<RehearsalResult> {
  const compare = options.compare ?? compareStatement;
  // The prediction: the live catalog (server version, TimeZone, volatility), replayed per step.
  const conn = await connect(parseDatabaseUrl(url, process.cwd()));
  let catalog;
  let database: string;
  try {
    catalog = await loadLiveCatalog(conn);
    database = conn.display;
  } finally {
    await conn.close();
  }
  const lintOptions: LintOptions = {
    pgVersion: catalog.pgVersion,
    utcSession: catalog.utcSession,
    volatility: catalog.volatility,
    ...options.lintOptions,
    dialect: 'postgres',
  };
  const model = catalog.model.clone();

  // The rehearsal's own session, and a second one that reads its locks from pg_locks.
  const runner = await openSession(url);
  const observer = await openSession(url).catch(async (error: unknown) => {
    await runner.close();
    throw error;
  });
  const out: RehearsedStatement[] = [];
  const bugs: { revision: RevisionId; line: number; file: string; message: string }[] = [];
  let skippedSomething = false;
  let watch: LockWatch | undefined;
  try {
    const pid = (await runner.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]?.pid ?? 0;
    watch = await openLockWatch(url, pid);
    await runner.query(`SET lock_timeout = ${quoteLiteral(options.lockTimeout ?? '5s')}`);
    const initial = await relations(runner);
    await runner.query('BEGIN');
    try {
      for (const step of steps) {
        const rev = map.get(step.revision);
        const sql = step.direction === 'upgrade' ? rev.upgradeSql : rev.downgradeSql;
        if (sql === undefined) throw new Error(`${rev.id} (${rev.file}) has no '-- strata:downgrade' section`);
        const firstLine = step.direction === 'upgrade' ? rev.upgradeLine : (rev.downgradeLine ?? 1);
        const report = lintSection(
          {
            file: rev.file,
            section: { text: sql, firstLine },
            transactional: rev.transactional,
            isRevision: true,
            revision: rev.id,
          },
          model,
          lintOptions,
        );
        model.settle();
        const byLine = new Map<number, StatementReport>(report.statements.map((s) => [s.line, s]));
        const statements = splitStatements(sql, firstLine);
        for (const [k, statement] of statements.entries()) {
          const predictedReport = byLine.get(statement.line) ?? report.statements[k];
          const predicted = {
            locks: (predictedReport?.locks ?? []).map((l) => ({
              relation: l.relation,
              mode: l.mode,
              kind: l.kind,
              ...(l.isNew ? { isNew: true } : {}),
            })),
            rewrites: predictedReport?.rewrites ?? false,
            scans: predictedReport?.scans ?? false,
            transactional: predictedReport?.transactional ?? true,
          };
          const base = {
            revision: rev.id,
            direction: step.direction,
            file: rev.file,
            line: statement.line,
            sql: statement.sql,
            kind: predictedReport?.kind ?? 'UNKNOWN',
          };
          const skip = !rev.transactional
            ? "the revision is 'transactional false': " +
              'its statements run outside a transaction and cannot be rolled back'
            : !predicted.transactional
              ? 'cannot run inside a transaction block (CONCURRENTLY, ' +
                'VACUUM, ALTER TYPE … ADD VALUE on old servers…)'
              : isTransactionControl(statement.sql)
                ? 'transaction control: Strata refuses it in a revision'
                : undefined;
          if (skip) {
            skippedSomething = true;
            out.push({
              ...base,
              status: 'not-rehearsable',
              reason: skip,
              durationMs: null,
              predicted,
              observed: null,
              differences: [],
            });
            continue;
          }
          const before = await relations(runner);
          const heldBefore = await heldPairs(observer, pid);
          await runner.query('SAVEPOINT strata_rehearsal');
          const t0 = performance.now();
          const blockers = recordBlockers(watch, options.blockerPollMs ?? 100);
          try {
            await runner.query(statement.sql);
          } catch (error) {
            const durationMs = performance.now() - t0;
            const blockedBy = await blockers.stop();
            await runner.query('ROLLBACK TO SAVEPOINT strata_rehearsal');
            const message = error instanceof Error ? error.message : String(error);
            const code = (error as { code?: unknown }).code;
            const reason = skippedSomething
              ? `${message} (an earlier statement was not rehearsable; this one may depend on it)`
              : message;
            out.push({
              ...base,
              status: 'failed',
              reason,
              ...(typeof code === 'string' ? { code } : {}),
              ...(blockedBy.length > 0 ? { blockedBy } : {}),
              durationMs,
              predicted,
              observed: null,
              differences: [],
            });
            continue;
          }
          const durationMs = performance.now() - t0;
          await blockers.stop();
          const heldAfter = await heldPairs(observer, pid);
          await runner.query('RELEASE SAVEPOINT strata_rehearsal');
          const after = await relations(runner);
          // New (relation, mode) pairs on relations that existed before the rehearsal began.
          const strongest = new Map<number, LockMode>();
          for (const pair of heldAfter) {
            if (heldBefore.has(pair)) continue;
            const [oidText, mode] = pair.split(':') as [string, LockMode];
            const oid = Number(oidText);
            if (!initial.has(oid)) continue;
            const prev = strongest.get(oid);
            strongest.set(oid, prev ? stronger(prev, mode) : mode);
          }
          const observedLocks: RehearsalLock[] = [...strongest].map(([oid, mode]) => {
            const rel = initial.get(oid) as RelRow;
            return { relation: rel.name, mode, kind: KINDS[rel.kind] ?? 'unknown' };
          });
          const initialNames = new Set([...initial.values()].map((r) => r.name));
          const skipRelations = new Set<string>();
          const alreadyHeld: string[] = [];
          for (const l of predicted.locks) {
            if (!initialNames.has(l.relation)) skipRelations.add(l.relation);
            const oid = [...initial.values()].find((r) => r.name === l.relation)?.oid;
            if (oid !== undefined && heldBefore.has(`${oid}:${l.mode}`)) {
              skipRelations.add(l.relation);
              alreadyHeld.push(`${l.relation}:${l.mode}`);
            }
          }
          // Rewrites of relations that existed before the rehearsal (rows copied into new storage).
          // New storage that is still empty tells nothing apart: an empty table rewritten and a
          // TRUNCATE look the same, so such a statement's rewrite is not compared.
          let rewrites = false;
          let emptyNewStorage = false;
          for (const [oid, rel] of after) {
            const old = before.get(oid);
            if (!old || !initial.has(oid) || old.filenode === rel.filenode || !['r', 'm'].includes(rel.kind)) continue;
            const size = await runner.query<{ size: string }>('SELECT pg_relation_size($1::oid)::text AS size', [oid]);
            if (Number(size[0]?.size ?? 0) > 0) rewrites = true;
            else emptyNewStorage = true;
          }
          // A predicted rewrite of a relation created by this plan is not comparable, nor one of an empty table.
          const predictedRewrite =
            predicted.rewrites &&
            predicted.locks.some(
              (l) => !l.isNew && initialNames.has(l.relation) && l.mode === 'AccessExclusiveLock' && l.kind !== 'index',
            ) &&
            !(emptyNewStorage && !rewrites);
          const observed = { locks: observedLocks, rewrites, alreadyHeld };
          const differences = compare(
            { locks: predicted.locks as ComparedLock[], rewrites: predictedRewrite },
            { locks: observedLocks, rewrites },
            skipRelations,
          );
          for (const message of differences)
            bugs.push({ revision: rev.id, line: statement.line, file: rev.file, message });
          out.push({ ...base, status: 'ok', durationMs, predicted, observed, differences });
        }
      }
    } finally {
      await runner.query('ROLLBACK').catch(() => {});
    }
    const version = (await runner.query<{ v: string }>("SELECT current_setting('server_version') AS v"))[0]?.v ?? '';
    return {
      database,
      serverVersion: version,
      steps: steps.map(({ revision, direction }) => ({ revision, direction })),
      statements: out,
      analyzerBugs: bugs,
      notRehearsable: out.filter((s) => s.status === 'not-rehearsable').length,
      failed: out.filter((s) => s.status === 'failed').length,
      rolledBack: true,
    };
  } finally {
    await watch?.close();
    await runner.close();
    await observer.close();
  }
}

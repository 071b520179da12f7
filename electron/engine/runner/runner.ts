// Executes a plan. Each revision runs in its own transaction together with its version-table
// update and history row, so the database is always at the revision before or after a step,
// never in between (or the whole run in one transaction, on request). The plan is computed
// after the run lock is taken, from the rows read under it.
//
// The parts: a transaction strategy per mode (strategies/: per revision, single transaction,
// and for `transactional false` revisions none), the step executor (step-executor.ts) and the
// bookkeeping of version and history rows (bookkeeping.ts). The connection's capabilities
// (pipelining, cancel, run-lock scope) choose between their paths; a guarded run is this run
// inside a wrapper (guarded.ts).
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Connection, StrataTables } from '../dialects/dialect.ts';
import { ensureStrataTables, readVersionRows } from '../dialects/strata-tables.ts';
import type { RevisionMap } from '../graph/revision-map.ts';
import { InterruptedRunError, RunCancelledError } from './errors.ts';
import { guarded } from './guarded.ts';
import { defaultIdentity } from './identity.ts';
import { findInterrupted } from './interrupted/report.ts';
import { prepareSteps } from './prepare.ts';
import { RunContext, type RunStrategy } from './run-context.ts';
import type { RunOptions, RunResult } from './run-types.ts';
import { PerRevision } from './strategies/per-revision.ts';
import { SingleTransaction } from './strategies/single-transaction.ts';

export { prepareSteps, type PreparedStep } from './prepare.ts';
export type { RunEvent, RunOptions, RunResult } from './run-types.ts';

export async function runMigration(
  conn: Connection,
  map: RevisionMap,
  tables: StrataTables,
  options: RunOptions,
): Promise<RunResult> {
  if (options.guard) return guarded(conn, options.guard, options, (attempt) => runOnce(conn, map, tables, attempt));
  return runOnce(conn, map, tables, options);
}

/** Takes the run lock, waiting as asked; a cancel while waiting is a RunCancelledError. */
async function takeRunLock(
  conn: Connection,
  tables: StrataTables,
  options: RunOptions,
  emit: NonNullable<RunOptions['onEvent']>,
): Promise<() => Promise<void>> {
  const signal = options.signal;
  try {
    return await conn.acquireRunLock(tables, {
      onWait: (holder) => emit({ type: 'lock-wait', ...(holder ? { holder } : {}) }),
      ...(signal ? { signal } : {}),
      ...(options.lockWaitMs !== undefined ? { waitMs: options.lockWaitMs } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw new RunCancelledError(undefined, undefined);
    throw error;
  }
}

async function runOnce(
  conn: Connection,
  map: RevisionMap,
  tables: StrataTables,
  options: RunOptions,
): Promise<RunResult> {
  const emit = options.onEvent ?? ((): void => {});
  const signal = options.signal;
  const single = options.singleTransaction ?? false;
  const t0 = performance.now();
  // Where the driver can stop a statement in flight, a cancel does not wait for it to end.
  const onAbort = (): void => {
    void conn.cancel().catch(() => {});
  };
  if (conn.capabilities.cancel) signal?.addEventListener('abort', onAbort);
  let release: () => Promise<void>;
  try {
    release = await takeRunLock(conn, tables, options, emit);
  } catch (error) {
    signal?.removeEventListener('abort', onAbort);
    throw error;
  }
  const ctx = new RunContext(
    conn,
    map,
    tables,
    emit,
    signal,
    options.identity ?? defaultIdentity(),
    options.runId ?? randomUUID(),
  );
  const strategy: RunStrategy = single ? new SingleTransaction(ctx) : new PerRevision(ctx);
  try {
    for (const setting of conn.sql.sessionSettings(options.settings ?? {})) await conn.execute(setting);
    await strategy.beforeRead();
    await ensureStrataTables(conn, tables);
    ctx.versions.load(await readVersionRows(conn, tables));
    // Nothing runs over a revision that was cut off half way: what it left decides what is
    // right to do next, and that is a person's decision (strata resolve).
    const interrupted = await findInterrupted(conn, map, tables, true);
    if (interrupted.length > 0) throw new InterruptedRunError(interrupted);
    const prepared = prepareSteps(map, options.plan(new Set(ctx.versions.applied)), single);
    await strategy.afterPlan();
    const steps = prepared.map(({ revision, direction }) => ({ revision, direction }));
    emit({ type: 'plan', steps, rows: ctx.versions.rows });
    ctx.lastYield = performance.now();
    await strategy.run(prepared);
    await strategy.finish();
    const durationMs = performance.now() - t0;
    const { applied, skipped } = ctx;
    const rows = ctx.versions.rows;
    emit({ type: 'done', applied, skipped, durationMs, rows });
    return {
      steps: prepared.map(({ revision, direction }) => ({ revision, direction })),
      applied,
      skipped,
      durationMs,
      rows,
    };
  } catch (error) {
    await ctx.tx.rollback();
    if (error instanceof RunCancelledError) {
      const halfDone = ctx.history.leftHalfDone;
      if (error.revision !== undefined && ctx.running) {
        const { step, started, s0 } = ctx.running;
        await conn
          .execute(
            ctx.history.stopped(step, started, s0, 'cancelled', ctx.history.stoppedLine(step), 'cancelled by the user'),
          )
          .catch(() => {});
      }
      throw new RunCancelledError(error.revision, strategy.rowsOnFailure(), halfDone);
    }
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await release().catch(() => {});
  }
}

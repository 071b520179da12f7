// Executes a plan. Each revision runs in its own transaction together with its version-table
// update and history row, so the database is always at the revision before or after a step,
// never in between (or the whole run in one transaction, on request). The plan is computed
// after the run lock is taken, from the rows read under it.
import { performance } from 'node:perf_hooks';
import type { PlanStep, Revision, RevisionId } from '../../../shared/model/revision.ts';
import { PipelineFailure, type Connection, type HistoryEntry, type StrataTables } from '../dialects/dialect.ts';
import { ensureStrataTables, historyFinish, historyInsert, historyProgress, insertStartedRun, readStartedRuns, readVersionRows, versionChanges } from '../dialects/strata-tables.ts';
import { appliedFromRows, rowsAfterStep, rowsFromApplied, stepStatus, type Applied } from '../graph/plan.ts';
import type { RevisionMap } from '../graph/revision-map.ts';
import { ConcurrentChangeError, InterruptedRunError, PlanRejectedError, RunCancelledError, sqlStateOf, StatementFailedError } from './errors.ts';
import { defaultIdentity } from './identity.ts';
import { guarded } from './guarded.ts';
import { describeInterrupted } from './interrupted/report.ts';
import { isTransactionControl, splitStatements, type Statement } from '../sql/statements.ts';

import type { RunOptions, RunResult } from './run-types.ts';

export type { RunEvent, RunOptions, RunResult } from './run-types.ts';

interface PreparedStep extends PlanStep {
  readonly rev: Revision;
  readonly statements: readonly Statement[];
}

/** Splits each step's SQL and refuses, before anything runs, what cannot run as asked. */
export function prepareSteps(map: RevisionMap, steps: readonly PlanStep[], singleTransaction: boolean): PreparedStep[] {
  return steps.map((step) => {
    const rev = map.get(step.revision);
    const sql = step.direction === 'upgrade' ? rev.upgradeSql : rev.downgradeSql;
    if (sql === undefined) throw new PlanRejectedError(`${rev.id} (${rev.file}) has no '-- strata:downgrade' section, so it cannot be taken back`);
    if (singleTransaction && !rev.transactional) {
      throw new PlanRejectedError(`${rev.id} (${rev.file}) is 'transactional false' and cannot run inside --single-transaction`);
    }
    const line = step.direction === 'upgrade' ? rev.upgradeLine : (rev.downgradeLine ?? 1);
    const statements = splitStatements(sql, line);
    const control = statements.find((s) => isTransactionControl(s.sql));
    if (control) throw new PlanRejectedError(`${rev.file}:${control.line}: '${control.sql.split(/\s/)[0]}' in a revision: Strata opens and commits the transactions itself (use 'transactional false' to run outside one)`);
    return { ...step, rev, statements };
  });
}

/** The same version rows, in any order. */
function sameRows(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((r) => b.includes(r));
}

/** Revisions of a --single-transaction run sent ahead of the server's answers (see runPipelinedSingle). */
const PIPELINE_WINDOW = 16;

export async function runMigration(conn: Connection, map: RevisionMap, tables: StrataTables, options: RunOptions): Promise<RunResult> {
  if (options.guard) return guarded(conn, options.guard, options, (attempt) => runOnce(conn, map, tables, attempt));
  return runOnce(conn, map, tables, options);
}

async function runOnce(conn: Connection, map: RevisionMap, tables: StrataTables, options: RunOptions): Promise<RunResult> {
  const emit = options.onEvent ?? ((): void => {});
  const identity = options.identity ?? defaultIdentity();
  const signal = options.signal;
  const single = options.singleTransaction ?? false;
  const t0 = performance.now();
  const onAbort = (): void => {
    void conn.cancel().catch(() => {});
  };
  if (conn.capabilities.cancel) signal?.addEventListener('abort', onAbort);
  let release: () => Promise<void>;
  try {
    release = await conn.acquireRunLock(tables, { onWait: (holder) => emit({ type: 'lock-wait', ...(holder ? { holder } : {}) }), ...(signal ? { signal } : {}), ...(options.lockWaitMs !== undefined ? { waitMs: options.lockWaitMs } : {}) });
  } catch (error) {
    signal?.removeEventListener('abort', onAbort);
    if (signal?.aborted) throw new RunCancelledError(undefined, undefined);
    throw error;
  }
  const perTransactionLock = conn.capabilities.runLockScope === 'transaction';
  let rows: string[] = [];
  let initialRows: string[] = [];
  let running: { step: PreparedStep; started: Date; s0: number } | undefined;
  let applied = 0;
  let skipped = 0;
  let inTransaction = false;
  // With a lock that covers the whole run (PostgreSQL), nothing has to be read between BEGIN
  // and a revision's first statement: BEGIN travels with that statement, and COMMIT with the
  // revision's version-table statements — two round trips a revision fewer than psql running
  // the same script, on a path where every round trip is time the database sits idle.
  const coalesce = conn.capabilities.runLockScope === 'run';
  let pendingBegin = false;
  const begin = async (deferrable = false): Promise<void> => {
    inTransaction = true;
    if (deferrable && coalesce) pendingBegin = true;
    else await conn.execute(conn.sql.beginTransaction());
  };
  /** Executes `sql`, after the BEGIN still waiting to be sent, if any. */
  const send = async (sql: string): Promise<void> => {
    if (!pendingBegin) return conn.execute(sql);
    pendingBegin = false;
    await conn.execute(`${conn.sql.beginTransaction()};\n${sql}`);
  };
  const commit = async (): Promise<void> => {
    await conn.execute('COMMIT');
    inTransaction = false;
  };
  const rollback = async (): Promise<void> => {
    if (!inTransaction) return;
    inTransaction = false;
    if (pendingBegin) {
      pendingBegin = false; // never sent: nothing to take back
      return;
    }
    await conn.execute('ROLLBACK').catch(() => {});
  };
  // --single-transaction: the history rows wait, and go with the final version rows just
  // before COMMIT. Inside one transaction nobody sees the intermediate states (a failure or a
  // kill takes everything back), so writing them per revision only costs round trips.
  const deferredHistory: string[] = [];
  // The 'started' row of the transactional false revision in flight (its end updates that
  // row), and how many of its statements have finished.
  let startedRow: number | undefined;
  let statementsDone = 0;
  const history = (step: PlanStep, started: Date, durationMs: number | null, outcome: HistoryEntry['outcome'], error: string | null, durationSql?: string): string => {
    if (startedRow !== undefined) return historyFinish(conn.sql, tables, startedRow, outcome, durationMs, error);
    return historyInsert(conn.sql, tables, { revision: step.revision, direction: step.direction, checksum: map.get(step.revision).checksum, startedAt: started, durationMs, outcome, error, ...identity }, started, durationSql);
  };
  /** A transactional false revision stopped after some of its statements ran: part of it is applied, so it stays 'started' (interrupted) until a person resolves it. */
  const leftHalfDone = (): boolean => startedRow !== undefined && statementsDone > 0;
  const stopped = (step: PreparedStep, started: Date, s0: number, outcome: 'failed' | 'cancelled', line: number, error: string): string =>
    leftHalfDone() && startedRow !== undefined
      ? historyProgress(conn.sql, tables, startedRow, statementsDone, step.statements.length, `${outcome} at line ${line}: ${error}`)
      : history(step, started, performance.now() - s0, outcome, error);

  try {
    for (const setting of conn.sql.sessionSettings(options.settings ?? {})) await conn.execute(setting);
    // SQLite: the tables are created and the state read under BEGIN IMMEDIATE; PostgreSQL is
    // already serialised by the advisory lock.
    if (perTransactionLock || single) await begin();
    await ensureStrataTables(conn, tables);
    rows = await readVersionRows(conn, tables);
    initialRows = rows;
    // Nothing runs over a revision that was cut off half way: what it left decides what is
    // right to do next, and that is a person's decision (strata resolve).
    const interrupted = await readStartedRuns(conn, tables);
    if (interrupted.length > 0) {
      const runs = [];
      for (const row of interrupted) runs.push(await describeInterrupted(conn, map, tables, row, true));
      throw new InterruptedRunError(runs);
    }
    let state = appliedFromRows(map, rows);
    // rowsFromApplied(map, state), kept step by step (the rows as read may be in another order).
    let stateRows = rowsFromApplied(map, state);
    const prepared = prepareSteps(map, options.plan(new Set(state)), single);
    if (perTransactionLock && !single) await commit();
    emit({ type: 'plan', steps: prepared.map(({ revision, direction }) => ({ revision, direction })), rows });

    /**
     * --single-transaction where statements pipeline (PostgreSQL): one transaction holds the
     * whole run, so a failure anywhere takes everything back, and nothing forbids sending the
     * next revisions before the earlier ones have answered. Up to PIPELINE_WINDOW revisions are
     * in flight: the client prepares the next while the server runs the current, instead of
     * each waiting for the other. Events still arrive in order, as the server answers.
     */
    const runPipelinedSingle = async (execute: Connection['executePipelined']): Promise<void> => {
      // The plan was made from the state read inside this transaction: check it step by step
      // before anything is sent, as the sequential path does before each step.
      const projected = new Set(state);
      for (const step of prepared) {
        const status = stepStatus(map, projected, step);
        if (status.kind !== 'pending') throw new ConcurrentChangeError(step.revision, status.kind === 'blocked' ? status.reason : 'is already done');
        if (step.direction === 'upgrade') projected.add(step.revision);
        else projected.delete(step.revision);
      }
      let turn = -1;
      let started = new Date();
      let s0 = 0;
      let q0 = 0;
      const startTurn = (index: number): void => {
        const step = prepared[index] as PreparedStep;
        turn = index;
        started = new Date();
        s0 = performance.now();
        q0 = s0;
        running = { step, started, s0 };
        emit({ type: 'step-start', index, total: prepared.length, revision: step.revision, direction: step.direction, message: step.rev.message });
        const first = step.statements[0];
        if (first) emit({ type: 'statement-start', revision: step.revision, index: 0, line: first.line, sql: first.sql });
      };
      const finishTurn = (index: number): void => {
        const step = prepared[index] as PreparedStep;
        if (step.direction === 'upgrade') state.add(step.revision);
        else state.delete(step.revision);
        const nextRows = rowsAfterStep(map, stateRows, state, step);
        const durationMs = performance.now() - s0;
        deferredHistory.push(history(step, started, durationMs, 'applied', null));
        stateRows = nextRows;
        rows = nextRows;
        applied++;
        emit({ type: 'step-end', index, total: prepared.length, revision: step.revision, direction: step.direction, durationMs, outcome: 'applied' });
      };
      /** The server moves on to revision `from`: revisions without statements are done at once. */
      const advance = (from: number): void => {
        for (let index = from; index < prepared.length; index++) {
          startTurn(index);
          if ((prepared[index] as PreparedStep).statements.length > 0) return;
          finishTurn(index);
        }
        turn = prepared.length;
      };
      const completed = (index: number, k: number): void => {
        const step = prepared[index] as PreparedStep;
        const statement = step.statements[k] as Statement;
        const q1 = performance.now();
        emit({ type: 'statement-end', revision: step.revision, index: k, line: statement.line, durationMs: q1 - q0 });
        q0 = q1;
        const next = step.statements[k + 1];
        if (next) emit({ type: 'statement-start', revision: step.revision, index: k + 1, line: next.line, sql: next.sql });
        else {
          finishTurn(index);
          advance(index + 1);
        }
      };
      let failure: { index: number; k: number; cause: unknown } | undefined;
      const inFlight: Promise<void>[] = [];
      advance(0);
      for (let index = 0; index < prepared.length && failure === undefined; index++) {
        const step = prepared[index] as PreparedStep;
        if (step.statements.length === 0) continue;
        if (signal?.aborted) break;
        while (inFlight.length >= PIPELINE_WINDOW) await inFlight.shift();
        inFlight.push(
          execute(
            step.statements.map((st) => st.sql),
            (k) => completed(index, k),
          ).catch((error: unknown) => {
            // The first failure in order is the one that counts: everything sent after it ran
            // into the aborted transaction and did nothing.
            failure ??= { index, k: error instanceof PipelineFailure ? error.index : 0, cause: error instanceof PipelineFailure ? error.cause : error };
          }),
        );
      }
      await Promise.all(inFlight);
      const current = prepared[Math.min(turn, prepared.length - 1)];
      if (signal?.aborted) throw new RunCancelledError(current?.revision, rows);
      if (failure) {
        const step = prepared[failure.index] as PreparedStep;
        const statement = step.statements[failure.k] as Statement;
        await rollback();
        const message = failure.cause instanceof Error ? failure.cause.message : String(failure.cause);
        const failed = new StatementFailedError(step.revision, step.direction, step.rev.file, statement.line, statement.sql, message, true, initialRows);
        Object.assign(failed, { sqlState: sqlStateOf(failure.cause) });
        await conn.execute(history(step, started, performance.now() - s0, 'failed', message)).catch(() => {});
        throw failed;
      }
    };

    let lastYield = performance.now();
    if (single && conn.capabilities.pipelining && prepared.length > 0) await runPipelinedSingle(conn.executePipelined.bind(conn));
    else {
      for (let index = 0; index < prepared.length; index++) {
        const step = prepared[index] as PreparedStep;
        if (signal?.aborted) throw new RunCancelledError(undefined, rows);
        emit({ type: 'step-start', index, total: prepared.length, revision: step.revision, direction: step.direction, message: step.rev.message });
        const started = new Date();
        const s0 = performance.now();
        running = { step, started, s0 };
        const transactional = single || step.rev.transactional;
        /** Sent with the statements (see the pipelined path): the step's bookkeeping and COMMIT, and the rows after it. */
        let closing: string | undefined;
        let closedRows: RevisionId[] | undefined;
        if (transactional && !single) await begin(!perTransactionLock);
        if (perTransactionLock && !single) {
          // Another runner may have moved the database since the plan was made.
          if (!transactional) await begin();
          const read = await readVersionRows(conn, tables);
          // Unchanged rows mean an unchanged state: skip recomputing every applied revision
          // from them, a pass per step that made long SQLite runs quadratic.
          if (!sameRows(read, rows)) {
            state = appliedFromRows(map, read);
            stateRows = rowsFromApplied(map, state);
          }
          rows = read;
          if (!transactional) await commit();
        }
        const status = stepStatus(map, state, step);
        if (status.kind !== 'pending') {
          if (!single) await rollback();
          if (status.kind === 'blocked') throw new ConcurrentChangeError(step.revision, status.reason);
          skipped++;
          emit({ type: 'step-end', index, total: prepared.length, revision: step.revision, direction: step.direction, durationMs: performance.now() - s0, outcome: 'skipped' });
          continue;
        }
        const fail = async (k: number, error: unknown): Promise<never> => {
          if (signal?.aborted) throw new RunCancelledError(step.revision, rows);
          await rollback();
          const statement = step.statements[k] as Statement;
          const message = error instanceof Error ? error.message : String(error);
          const failed = new StatementFailedError(step.revision, step.direction, step.rev.file, statement.line, statement.sql, message, transactional, single ? initialRows : rows, leftHalfDone());
          // The driver's SQLSTATE (55P03 lock_not_available is what a guarded run retries).
          Object.assign(failed, { sqlState: sqlStateOf(error) });
          await conn.execute(stopped(step, started, s0, 'failed', statement.line, message)).catch(() => {});
          throw failed;
        };
        if (!transactional) {
          // Committed before the first statement: if this process dies half way, the row is
          // what tells the next run, `current` and `check` that the revision was cut off.
          statementsDone = 0;
          startedRow = await insertStartedRun(conn, tables, { revision: step.revision, direction: step.direction, checksum: step.rev.checksum, startedAt: started, ...identity }, step.statements.length);
        }
        if (transactional && conn.capabilities.pipelining && step.statements.length > 0) {
          // Inside the transaction a failure stops everything after it, so the revision's
          // statements go out at once (with the BEGIN still waiting, if any): one round trip.
          const lead = pendingBegin ? [conn.sql.beginTransaction()] : [];
          pendingBegin = false;
          // One transaction per revision where the server can time it (PostgreSQL): the version
          // rows, the history row and COMMIT leave in the same batch as the statements, one round
          // trip a revision instead of two (each a wake-up of client and server, most of a
          // one-statement revision's cost). A failed statement aborts the transaction, so they
          // then fail too and nothing is committed; the history row's duration is the server's,
          // since BEGIN, as the batch leaves before the statements have answered.
          if (!single && coalesce && conn.sql.transactionElapsedMs !== undefined) {
            if (step.direction === 'upgrade') state.add(step.revision);
            else state.delete(step.revision);
            closedRows = rowsAfterStep(map, stateRows, state, step);
            closing = [...versionChanges(conn.sql, tables, rows, closedRows), history(step, started, null, 'applied', null, conn.sql.transactionElapsedMs), 'COMMIT'].join(';\n');
          }
          let q0 = performance.now();
          const at = (index: number): Statement => step.statements[index - lead.length] as Statement;
          emit({ type: 'statement-start', revision: step.revision, index: 0, line: at(lead.length).line, sql: at(lead.length).sql });
          try {
            await conn.executePipelined([...lead, ...step.statements.map((st) => st.sql), ...(closing === undefined ? [] : [closing])], (index) => {
              if (index < lead.length || index - lead.length >= step.statements.length) return;
              const k = index - lead.length;
              const q1 = performance.now();
              emit({ type: 'statement-end', revision: step.revision, index: k, line: at(index).line, durationMs: q1 - q0 });
              q0 = q1;
              if (k + 1 < step.statements.length) emit({ type: 'statement-start', revision: step.revision, index: k + 1, line: at(index + 1).line, sql: at(index + 1).sql });
            });
          } catch (error) {
            const k = error instanceof PipelineFailure ? Math.max(0, error.index - lead.length) : 0;
            // Strata's own statements failed, after the revision's: as when they go on their own.
            if (k >= step.statements.length) throw error instanceof PipelineFailure ? error.cause : error;
            await fail(k, error instanceof PipelineFailure ? error.cause : error);
          }
          // Committed with its statements: done, whatever was asked meanwhile (the next step stops).
          if (closing !== undefined) inTransaction = false;
          else if (signal?.aborted) throw new RunCancelledError(step.revision, rows);
        } else {
          for (let k = 0; k < step.statements.length; k++) {
            const statement = step.statements[k] as Statement;
            if (signal?.aborted) throw new RunCancelledError(step.revision, rows);
            emit({ type: 'statement-start', revision: step.revision, index: k, line: statement.line, sql: statement.sql });
            const q0 = performance.now();
            try {
              await send(statement.sql);
            } catch (error) {
              await fail(k, error);
            }
            const q1 = performance.now();
            if (startedRow !== undefined) {
              statementsDone = k + 1;
              await conn.execute(historyProgress(conn.sql, tables, startedRow, statementsDone, step.statements.length));
            }
            emit({ type: 'statement-end', revision: step.revision, index: k, line: statement.line, durationMs: q1 - q0 });
            // Synchronous drivers never return to the event loop on their own; give signals
            // (Ctrl-C) and progress output a chance every few milliseconds.
            if (q1 - lastYield > 25) {
              await new Promise((resolve) => setImmediate(resolve));
              lastYield = performance.now();
            }
          }
        }
        if (!transactional) {
          // Recorded only on success, in its own short transaction.
          await begin(!perTransactionLock);
          if (perTransactionLock) {
            const read = await readVersionRows(conn, tables);
            if (!sameRows(read, rows)) {
              state = appliedFromRows(map, read);
              stateRows = rowsFromApplied(map, state);
            }
            rows = read;
          }
        }
        // The state after the step, updated in place rather than copied (nothing else holds it,
        // and a failure from here on ends the run).
        if (closedRows === undefined) {
          if (step.direction === 'upgrade') state.add(step.revision);
          else state.delete(step.revision);
        }
        const nextRows = closedRows ?? rowsAfterStep(map, stateRows, state, step);
        const durationMs = performance.now() - s0;
        const record = history(step, started, durationMs, 'applied', null);
        if (single) deferredHistory.push(record);
        else if (closing === undefined) {
          // Version rows and history row in one round trip (with COMMIT, where it can go too):
          // they are Strata's own statements, and every round trip is time psql does not spend.
          const bookkeeping = [...versionChanges(conn.sql, tables, rows, nextRows), record];
          if (coalesce) {
            await send([...bookkeeping, 'COMMIT'].join(';\n'));
            inTransaction = false;
          } else {
            await send(bookkeeping.join(';\n'));
            await commit();
          }
        }
        startedRow = undefined;
        stateRows = nextRows;
        rows = nextRows;
        applied++;
        emit({ type: 'step-end', index, total: prepared.length, revision: step.revision, direction: step.direction, durationMs, outcome: 'applied' });
      }
    }
    if (single && inTransaction) {
      const bookkeeping = [...versionChanges(conn.sql, tables, initialRows, rows), ...deferredHistory];
      if (coalesce) {
        await conn.execute([...bookkeeping, 'COMMIT'].join(';\n'));
        inTransaction = false;
      } else {
        if (bookkeeping.length > 0) await conn.execute(bookkeeping.join(';\n'));
        await commit();
      }
    }
    const durationMs = performance.now() - t0;
    emit({ type: 'done', applied, skipped, durationMs, rows });
    return { steps: prepared.map(({ revision, direction }) => ({ revision, direction })), applied, skipped, durationMs, rows };
  } catch (error) {
    await rollback();
    if (error instanceof RunCancelledError) {
      const halfDone = leftHalfDone();
      if (error.revision !== undefined && running) {
        const step = running.step as PreparedStep;
        const line = step.statements[statementsDone]?.line ?? step.statements[step.statements.length - 1]?.line ?? 0;
        await conn.execute(stopped(step, running.started, running.s0, 'cancelled', line, 'cancelled by the user')).catch(() => {});
      }
      throw new RunCancelledError(error.revision, single ? initialRows : rows, halfDone);
    }
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await release().catch(() => {});
  }
}

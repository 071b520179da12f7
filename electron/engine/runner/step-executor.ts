// One step of a plan: its events, the check that it is still pending, its statements (one at
// a time, or pipelined in one batch), and what a failed statement turns into. What surrounds
// the statements (transactions, bookkeeping) is the step strategy's.
import { performance } from 'node:perf_hooks';
import type { RevisionId } from '../../../shared/model/revision.ts';
import { PipelineFailure } from '../dialects/dialect.ts';
import type { Statement } from '../sql/statements.ts';
import { ConcurrentChangeError, RunCancelledError, sqlStateOf, StatementFailedError } from './errors.ts';
import type { PreparedStep } from './prepare.ts';
import type { InFlight, RunContext, StepStrategy } from './run-context.ts';

/** Statement `k` of a step failed with `cause`: failStep turns it into a StatementFailedError. */
export class StatementFailure {
  constructor(
    readonly k: number,
    readonly cause: unknown,
  ) {}
}

/** The step begins: its event, and it is the one in flight. */
export function startStep(ctx: RunContext, index: number, total: number, step: PreparedStep): InFlight {
  ctx.emit({
    type: 'step-start',
    index,
    total,
    revision: step.revision,
    direction: step.direction,
    message: step.rev.message,
  });
  ctx.running = { step, started: new Date(), s0: performance.now() };
  return ctx.running;
}

/** The steps in order, each with the strategy `strategyOf` gives it. */
export async function runSteps(
  ctx: RunContext,
  prepared: readonly PreparedStep[],
  strategyOf: (step: PreparedStep) => StepStrategy,
  rowsOnFailure: () => readonly string[],
): Promise<void> {
  for (let index = 0; index < prepared.length; index++) {
    if (ctx.aborted) throw new RunCancelledError(undefined, ctx.versions.rows);
    const step = prepared[index] as PreparedStep;
    await runStep(ctx, index, prepared.length, step, strategyOf(step), rowsOnFailure);
  }
}

async function runStep(
  ctx: RunContext,
  index: number,
  total: number,
  step: PreparedStep,
  strategy: StepStrategy,
  rowsOnFailure: () => readonly string[],
): Promise<void> {
  const { s0 } = startStep(ctx, index, total, step);
  await strategy.open(step);
  const status = ctx.versions.status(step);
  if (status.kind !== 'pending') {
    await strategy.abandon();
    if (status.kind === 'blocked') throw new ConcurrentChangeError(step.revision, status.reason);
    ctx.skipped++;
    ctx.emit({
      type: 'step-end',
      index,
      total,
      revision: step.revision,
      direction: step.direction,
      durationMs: performance.now() - s0,
      outcome: 'skipped',
    });
    return;
  }
  let committed: readonly RevisionId[] | undefined;
  try {
    committed = await strategy.execute(step);
  } catch (error) {
    if (error instanceof StatementFailure) await failStep(ctx, step, error, strategy.transactional, rowsOnFailure());
    throw error;
  }
  const end =
    committed === undefined ? await strategy.close(step) : { rows: committed, durationMs: performance.now() - s0 };
  ctx.history.finished();
  ctx.versions.advance(end.rows);
  ctx.applied++;
  ctx.emit({
    type: 'step-end',
    index,
    total,
    revision: step.revision,
    direction: step.direction,
    durationMs: end.durationMs,
    outcome: 'applied',
  });
}

/** The step's state applied, its duration so far, and its history row as applied. */
export function conclude(
  ctx: RunContext,
  step: PreparedStep,
): { rows: RevisionId[]; durationMs: number; record: string } {
  const rows = ctx.versions.apply(step);
  const { started, s0 } = ctx.inFlight;
  const durationMs = performance.now() - s0;
  return { rows, durationMs, record: ctx.history.ended(step, started, durationMs, 'applied', null) };
}

/**
 * The step's statements one at a time, each with its events. `afterEach(done)` runs after
 * each statement that succeeded (a transactional false revision counts them there).
 */
export async function runStatements(
  ctx: RunContext,
  step: PreparedStep,
  afterEach?: (done: number) => Promise<void>,
): Promise<void> {
  for (let k = 0; k < step.statements.length; k++) {
    const statement = step.statements[k] as Statement;
    if (ctx.aborted) throw new RunCancelledError(step.revision, ctx.versions.rows);
    ctx.emit({ type: 'statement-start', revision: step.revision, index: k, line: statement.line, sql: statement.sql });
    const q0 = performance.now();
    try {
      await ctx.tx.send(statement.sql);
    } catch (error) {
      throw new StatementFailure(k, error);
    }
    const q1 = performance.now();
    await afterEach?.(k + 1);
    ctx.emit({ type: 'statement-end', revision: step.revision, index: k, line: statement.line, durationMs: q1 - q0 });
    // Synchronous drivers never return to the event loop on their own; give signals
    // (Ctrl-C) and progress output a chance every few milliseconds.
    if (q1 - ctx.lastYield > 25) {
      await new Promise((resolve) => setImmediate(resolve));
      ctx.lastYield = performance.now();
    }
  }
}

/**
 * The step's statements in one pipelined batch, between `lead` (a BEGIN still to be sent)
 * and `closing` (the step's bookkeeping and COMMIT), with an event as each one answers.
 */
export async function runPipelined(
  ctx: RunContext,
  step: PreparedStep,
  lead: readonly string[],
  closing: string | undefined,
): Promise<void> {
  let q0 = performance.now();
  const at = (index: number): Statement => step.statements[index - lead.length] as Statement;
  ctx.emit({
    type: 'statement-start',
    revision: step.revision,
    index: 0,
    line: at(lead.length).line,
    sql: at(lead.length).sql,
  });
  try {
    await ctx.conn.executePipelined(
      [...lead, ...step.statements.map((st) => st.sql), ...(closing === undefined ? [] : [closing])],
      (index) => {
        if (index < lead.length || index - lead.length >= step.statements.length) return;
        const k = index - lead.length;
        const q1 = performance.now();
        ctx.emit({
          type: 'statement-end',
          revision: step.revision,
          index: k,
          line: at(index).line,
          durationMs: q1 - q0,
        });
        q0 = q1;
        if (k + 1 < step.statements.length)
          ctx.emit({
            type: 'statement-start',
            revision: step.revision,
            index: k + 1,
            line: at(index + 1).line,
            sql: at(index + 1).sql,
          });
      },
    );
  } catch (error) {
    const k = error instanceof PipelineFailure ? Math.max(0, error.index - lead.length) : 0;
    const cause = error instanceof PipelineFailure ? error.cause : error;
    // Strata's own statements failed, after the revision's: as when they go on their own.
    if (k >= step.statements.length) throw cause;
    throw new StatementFailure(k, cause);
  }
}

/**
 * A statement of `step` failed: the step is taken back where it can be, its history row
 * says so, and the run ends with a StatementFailedError that names file, line and statement
 * (`rows`: where the database is now).
 */
export async function failStep(
  ctx: RunContext,
  step: PreparedStep,
  failure: StatementFailure,
  transactional: boolean,
  rows: readonly string[],
): Promise<never> {
  if (ctx.aborted) throw new RunCancelledError(step.revision, ctx.versions.rows);
  await ctx.tx.rollback();
  const statement = step.statements[failure.k] as Statement;
  const message = failure.cause instanceof Error ? failure.cause.message : String(failure.cause);
  const failed = new StatementFailedError(
    step.revision,
    step.direction,
    step.rev.file,
    statement.line,
    statement.sql,
    message,
    transactional,
    rows,
    ctx.history.leftHalfDone,
  );
  // The driver's SQLSTATE (55P03 lock_not_available is what a guarded run retries).
  Object.assign(failed, { sqlState: sqlStateOf(failure.cause) });
  const { started, s0 } = ctx.inFlight;
  await ctx.conn.execute(ctx.history.stopped(step, started, s0, 'failed', statement.line, message)).catch(() => {});
  throw failed;
}

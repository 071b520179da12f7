// --single-transaction where statements pipeline (capabilities.pipelining: PostgreSQL): one
// transaction holds the whole run, so a failure anywhere takes everything back, and nothing
// forbids sending the next revisions before the earlier ones have answered. Up to
// PIPELINE_WINDOW revisions are in flight: the client prepares the next while the server runs
// the current, instead of each waiting for the other. Events still arrive in order, as the
// server answers.
import { performance } from 'node:perf_hooks';
import { PipelineFailure } from '../../dialects/dialect.ts';
import { stepStatus } from '../../graph/plan.ts';
import type { Statement } from '../../sql/statements.ts';
import { ConcurrentChangeError, RunCancelledError } from '../errors.ts';
import type { PreparedStep } from '../prepare.ts';
import type { RunContext } from '../run-context.ts';
import { conclude, failStep, startStep, StatementFailure } from '../step-executor.ts';

/** Revisions of a --single-transaction run sent ahead of the server's answers. */
const PIPELINE_WINDOW = 16;

/** Runs `prepared` (not empty) in the open transaction; each step's history row goes to `deferred`. */
export async function runPipelinedWindow(
  ctx: RunContext,
  prepared: readonly PreparedStep[],
  deferred: string[],
): Promise<void> {
  // The plan was made from the state read inside this transaction: check it step by step
  // before anything is sent, as the sequential path does before each step.
  const projected = new Set(ctx.versions.applied);
  for (const step of prepared) {
    const status = stepStatus(ctx.map, projected, step);
    if (status.kind !== 'pending')
      throw new ConcurrentChangeError(step.revision, status.kind === 'blocked' ? status.reason : 'is already done');
    if (step.direction === 'upgrade') projected.add(step.revision);
    else projected.delete(step.revision);
  }
  let turn = -1;
  let q0 = 0;
  const startTurn = (index: number): void => {
    const step = prepared[index] as PreparedStep;
    turn = index;
    q0 = startStep(ctx, index, prepared.length, step).s0;
    const first = step.statements[0];
    if (first)
      ctx.emit({ type: 'statement-start', revision: step.revision, index: 0, line: first.line, sql: first.sql });
  };
  const finishTurn = (index: number): void => {
    const step = prepared[index] as PreparedStep;
    const { rows, durationMs, record } = conclude(ctx, step);
    deferred.push(record);
    ctx.versions.advance(rows);
    ctx.applied++;
    ctx.emit({
      type: 'step-end',
      index,
      total: prepared.length,
      revision: step.revision,
      direction: step.direction,
      durationMs,
      outcome: 'applied',
    });
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
    ctx.emit({ type: 'statement-end', revision: step.revision, index: k, line: statement.line, durationMs: q1 - q0 });
    q0 = q1;
    const next = step.statements[k + 1];
    if (next)
      ctx.emit({ type: 'statement-start', revision: step.revision, index: k + 1, line: next.line, sql: next.sql });
    else {
      finishTurn(index);
      advance(index + 1);
    }
  };
  let failure: { index: number; failure: StatementFailure } | undefined;
  const inFlight: Promise<void>[] = [];
  advance(0);
  for (let index = 0; index < prepared.length && failure === undefined; index++) {
    const step = prepared[index] as PreparedStep;
    if (step.statements.length === 0) continue;
    if (ctx.aborted) break;
    while (inFlight.length >= PIPELINE_WINDOW) await inFlight.shift();
    inFlight.push(
      ctx.conn
        .executePipelined(
          step.statements.map((st) => st.sql),
          (k) => completed(index, k),
        )
        .catch((error: unknown) => {
          // The first failure in order is the one that counts: everything sent after it ran
          // into the aborted transaction and did nothing.
          failure ??= {
            index,
            failure:
              error instanceof PipelineFailure
                ? new StatementFailure(error.index, error.cause)
                : new StatementFailure(0, error),
          };
        }),
    );
  }
  await Promise.all(inFlight);
  const current = prepared[Math.min(turn, prepared.length - 1)];
  if (ctx.aborted) throw new RunCancelledError(current?.revision, ctx.versions.rows);
  if (failure)
    await failStep(ctx, prepared[failure.index] as PreparedStep, failure.failure, true, ctx.versions.initial);
}

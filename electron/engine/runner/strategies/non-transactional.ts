// A `transactional false` revision (CREATE INDEX CONCURRENTLY, VACUUM…): its statements run
// outside any transaction, so a failure or a kill half way leaves part of it applied. It
// cannot promise "before or after, never in between"; what it promises instead: a 'started'
// history row, committed before its first statement and counting the statements done, says
// that it was cut off and where, and nothing runs over it until a person resolves it
// (interrupted/). It is recorded as applied only on success, in a short transaction of its own.
import type { RevisionId } from '../../../../shared/model/revision.ts';
import type { PreparedStep } from '../prepare.ts';
import type { RunContext, StepEnd, StepStrategy } from '../run-context.ts';
import { conclude, runStatements } from '../step-executor.ts';

export class NonTransactional implements StepStrategy {
  readonly transactional = false;

  constructor(private readonly ctx: RunContext) {}

  async open(): Promise<void> {
    // Another runner may have moved the database since the plan was made: read under the
    // write lock, in a transaction of its own.
    if (!this.ctx.rereadsPerTransaction) return;
    await this.ctx.tx.begin();
    await this.ctx.reread();
    await this.ctx.tx.commit();
  }

  abandon(): Promise<void> {
    return this.ctx.tx.rollback();
  }

  async execute(step: PreparedStep): Promise<readonly RevisionId[] | undefined> {
    const { ctx } = this;
    await ctx.history.started(step, ctx.inFlight.started);
    await runStatements(ctx, step, (done) => ctx.conn.execute(ctx.history.progress(done, step.statements.length)));
    return undefined;
  }

  async close(step: PreparedStep): Promise<StepEnd> {
    const { ctx } = this;
    const perTransaction = ctx.rereadsPerTransaction;
    await ctx.tx.begin(!perTransaction);
    if (perTransaction) await ctx.reread();
    const before = ctx.versions.rows;
    const { rows, durationMs, record } = conclude(ctx, step);
    await ctx.tx.commitWith(ctx.history.closing(before, rows, record));
    return { rows, durationMs };
  }
}

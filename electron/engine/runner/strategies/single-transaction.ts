// --single-transaction: the whole run in one transaction, so a failure anywhere takes
// everything back. The history rows wait, and go with the final version rows just before
// COMMIT: inside one transaction nobody sees the intermediate states (a failure or a kill
// takes everything back), so writing them per revision only costs round trips.
import type { RevisionId } from '../../../../shared/model/revision.ts';
import type { PreparedStep } from '../prepare.ts';
import type { RunContext, RunStrategy, StepEnd, StepStrategy } from '../run-context.ts';
import { conclude, runStatements, runSteps } from '../step-executor.ts';
import { runPipelinedWindow } from './pipelined-window.ts';

export class SingleTransaction implements RunStrategy {
  /** The history rows of the steps done, for the end. */
  private readonly deferred: string[] = [];
  private readonly step: StepStrategy;

  constructor(private readonly ctx: RunContext) {
    this.step = new InRunTransaction(ctx, this.deferred);
  }

  beforeRead(): Promise<void> {
    return this.ctx.tx.begin();
  }

  async afterPlan(): Promise<void> {}

  run(prepared: readonly PreparedStep[]): Promise<void> {
    // Where statements pipeline, nothing forbids sending the next revisions before the
    // earlier ones have answered (see pipelined-window.ts).
    if (this.ctx.conn.capabilities.pipelining && prepared.length > 0)
      return runPipelinedWindow(this.ctx, prepared, this.deferred);
    return runSteps(
      this.ctx,
      prepared,
      () => this.step,
      () => this.rowsOnFailure(),
    );
  }

  async finish(): Promise<void> {
    const { ctx } = this;
    if (!ctx.tx.inTransaction) return;
    await ctx.tx.commitWith(ctx.history.closing(ctx.versions.initial, ctx.versions.rows, ...this.deferred));
  }

  rowsOnFailure(): readonly string[] {
    return this.ctx.versions.initial;
  }
}

/** A step inside the run's one transaction: its statements; its history row kept for the end. */
class InRunTransaction implements StepStrategy {
  readonly transactional = true;

  constructor(
    private readonly ctx: RunContext,
    private readonly deferred: string[],
  ) {}

  async open(): Promise<void> {}

  async abandon(): Promise<void> {}

  async execute(step: PreparedStep): Promise<readonly RevisionId[] | undefined> {
    await runStatements(this.ctx, step);
    return undefined;
  }

  async close(step: PreparedStep): Promise<StepEnd> {
    const { rows, durationMs, record } = conclude(this.ctx, step);
    this.deferred.push(record);
    return { rows, durationMs };
  }
}

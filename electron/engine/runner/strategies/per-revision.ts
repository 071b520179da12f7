// The default: each revision in its own transaction together with its version-table update
// and history row, so the database is always at the revision before or after a step, never
// in between. `transactional false` revisions take the non-transactional strategy instead.
import type { RevisionId } from '../../../../shared/model/revision.ts';
import { RunCancelledError } from '../errors.ts';
import type { PreparedStep } from '../prepare.ts';
import type { RunContext, RunStrategy, StepEnd, StepStrategy } from '../run-context.ts';
import { conclude, runPipelined, runStatements, runSteps } from '../step-executor.ts';
import { NonTransactional } from './non-transactional.ts';

export class PerRevision implements RunStrategy {
  private readonly inTransaction: StepStrategy;
  private readonly outside: StepStrategy;

  constructor(private readonly ctx: RunContext) {
    this.inTransaction = new RevisionTransaction(ctx);
    this.outside = new NonTransactional(ctx);
  }

  async beforeRead(): Promise<void> {
    // SQLite: the tables are created and the state read under BEGIN IMMEDIATE; PostgreSQL is
    // already serialised by the advisory lock.
    if (this.ctx.rereadsPerTransaction) await this.ctx.tx.begin();
  }

  async afterPlan(): Promise<void> {
    if (this.ctx.rereadsPerTransaction) await this.ctx.tx.commit();
  }

  run(prepared: readonly PreparedStep[]): Promise<void> {
    return runSteps(
      this.ctx,
      prepared,
      (step) => (step.rev.transactional ? this.inTransaction : this.outside),
      () => this.rowsOnFailure(),
    );
  }

  async finish(): Promise<void> {}

  rowsOnFailure(): readonly string[] {
    return this.ctx.versions.rows;
  }
}

/** A transactional revision: BEGIN, its statements, its version rows and history row, COMMIT. */
class RevisionTransaction implements StepStrategy {
  readonly transactional = true;

  constructor(private readonly ctx: RunContext) {}

  async open(): Promise<void> {
    const perTransaction = this.ctx.rereadsPerTransaction;
    await this.ctx.tx.begin(!perTransaction);
    if (perTransaction) await this.ctx.reread();
  }

  abandon(): Promise<void> {
    return this.ctx.tx.rollback();
  }

  async execute(step: PreparedStep): Promise<readonly RevisionId[] | undefined> {
    const { ctx } = this;
    if (!ctx.conn.capabilities.pipelining || step.statements.length === 0) {
      await runStatements(ctx, step);
      return undefined;
    }
    // Inside the transaction a failure stops everything after it, so the revision's
    // statements go out at once (with the BEGIN still waiting, if any): one round trip.
    const lead = ctx.tx.takePendingBegin();
    // Where the server can time the transaction (PostgreSQL), the version rows, the history
    // row and COMMIT leave in the same batch as the statements, one round trip a revision
    // instead of two (each a wake-up of client and server, most of a one-statement
    // revision's cost). A failed statement aborts the transaction, so they then fail too and
    // nothing is committed; the history row's duration is the server's, since BEGIN, as the
    // batch leaves before the statements have answered.
    const elapsed = ctx.conn.sql.transactionElapsedMs;
    let closedRows: RevisionId[] | undefined;
    let closing: string | undefined;
    if (ctx.tx.coalesce && elapsed !== undefined) {
      const before = ctx.versions.rows;
      closedRows = ctx.versions.apply(step);
      closing = ctx.history
        .closing(before, closedRows, ctx.history.ended(step, ctx.inFlight.started, null, 'applied', null, elapsed))
        .concat('COMMIT')
        .join(';\n');
    }
    await runPipelined(ctx, step, lead, closing);
    // Committed with its statements: done, whatever was asked meanwhile (the next step stops).
    if (closing !== undefined) ctx.tx.committed();
    else if (ctx.aborted) throw new RunCancelledError(step.revision, ctx.versions.rows);
    return closedRows;
  }

  async close(step: PreparedStep): Promise<StepEnd> {
    // Version rows and history row in one round trip (with COMMIT, where it can go too):
    // they are Strata's own statements, and every round trip is time psql does not spend.
    const before = this.ctx.versions.rows;
    const { rows, durationMs, record } = conclude(this.ctx, step);
    await this.ctx.tx.commitWith(this.ctx.history.closing(before, rows, record));
    return { rows, durationMs };
  }
}

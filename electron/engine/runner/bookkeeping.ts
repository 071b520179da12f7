// A run's bookkeeping: the version rows it moves (and the applied set they stand for), and
// the history rows it writes — one per step that ends, and for a `transactional false`
// revision a 'started' row first, whose progress count and end update it.
import { performance } from 'node:perf_hooks';
import type { PlanStep, RevisionId } from '../../../shared/model/revision.ts';
import type { Connection, HistoryEntry, StrataTables } from '../dialects/dialect.ts';
import {
  historyFinish,
  historyInsert,
  historyProgress,
  insertStartedRun,
  versionChanges,
} from '../dialects/strata-tables.ts';
import {
  appliedFromRows,
  rowsAfterStep,
  rowsFromApplied,
  stepStatus,
  type Applied,
  type StepStatus,
} from '../graph/plan.ts';
import type { RevisionMap } from '../graph/revision-map.ts';
import { revisionText } from '../../../shared/model/revision-text.ts';
import type { Identity } from './identity.ts';
import type { PreparedStep } from './prepare.ts';

/** The same version rows, in any order. */
function sameRows(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((r) => b.includes(r));
}

/** The version rows as the run knows them, and the applied revisions they stand for. */
export class VersionRows {
  /** As read, or as this run last wrote them. */
  rows: readonly string[] = [];
  /** As read when the run began: what a --single-transaction run goes back to. */
  initial: readonly string[] = [];
  private state = new Set<RevisionId>();
  /** rowsFromApplied(map, state), kept step by step (the rows as read may be in another order). */
  private stateRows: readonly RevisionId[] = [];

  constructor(private readonly map: RevisionMap) {}

  load(rows: readonly string[]): void {
    this.rows = rows;
    this.initial = rows;
    this.state = appliedFromRows(this.map, rows);
    this.stateRows = rowsFromApplied(this.map, this.state);
  }

  get applied(): Applied {
    return this.state;
  }

  /** Rows read again, under a transaction's write lock: another runner may have moved them. */
  reread(read: readonly string[]): void {
    // Unchanged rows mean an unchanged state: skip recomputing every applied revision from
    // them, a pass per step that made long SQLite runs quadratic.
    if (!sameRows(read, this.rows)) {
      this.state = appliedFromRows(this.map, read);
      this.stateRows = rowsFromApplied(this.map, this.state);
    }
    this.rows = read;
  }

  status(step: PlanStep): StepStatus {
    return stepStatus(this.map, this.state, step);
  }

  /**
   * The state after `step`, updated in place rather than copied (nothing else holds it, and a
   * failure from here on ends the run); returns the version rows after it, which become the
   * rows once they are written (advance).
   */
  apply(step: PlanStep): RevisionId[] {
    if (step.direction === 'upgrade') this.state.add(step.revision);
    else this.state.delete(step.revision);
    return rowsAfterStep(this.map, this.stateRows, this.state, step);
  }

  advance(rows: readonly RevisionId[]): void {
    this.stateRows = rows;
    this.rows = rows;
  }
}

/** The history rows of a run. */
export class RunHistory {
  /** The 'started' row of the transactional false revision in flight (its end updates that row). */
  private startedRow: number | undefined;
  /** How many of that revision's statements have finished. */
  private done = 0;

  constructor(
    private readonly conn: Connection,
    private readonly map: RevisionMap,
    private readonly tables: StrataTables,
    private readonly identity: Identity,
    private readonly runId: string,
  ) {}

  /** `durationSql`: the duration as the server computes it (DialectSql.transactionElapsedMs). */
  ended(
    step: PlanStep,
    started: Date,
    durationMs: number | null,
    outcome: HistoryEntry['outcome'],
    error: string | null,
    durationSql?: string,
  ): string {
    if (this.startedRow !== undefined)
      return historyFinish(this.conn.sql, this.tables, this.startedRow, outcome, durationMs, error);
    return historyInsert(
      this.conn.sql,
      this.tables,
      {
        revision: step.revision,
        direction: step.direction,
        checksum: this.map.get(step.revision).checksum,
        startedAt: started,
        durationMs,
        outcome,
        error,
        ...this.identity,
        runId: this.runId,
        appliedSql: this.appliedText(step),
      },
      started,
      durationSql,
    );
  }

  /**
   * Committed before the first statement of a transactional false revision: if this process
   * dies half way, the row is what tells the next run, `current` and `check` that the
   * revision was cut off.
   */
  async started(step: PreparedStep, startedAt: Date): Promise<void> {
    this.done = 0;
    this.startedRow = await insertStartedRun(
      this.conn,
      this.tables,
      {
        revision: step.revision,
        direction: step.direction,
        checksum: step.rev.checksum,
        startedAt,
        ...this.identity,
        runId: this.runId,
        appliedSql: this.appliedText(step),
      },
      step.statements.length,
    );
  }

  /** What an upgrade applies, kept so that a file edited later can be diffed against it; nothing for a downgrade. */
  private appliedText(step: PlanStep): string | null {
    if (step.direction !== 'upgrade') return null;
    const rev = this.map.get(step.revision);
    return revisionText(rev.upgradeSql, rev.downgradeSql);
  }

  /** The UPDATE that counts `done` statements of the started revision as finished. */
  progress(done: number, total: number): string {
    if (this.startedRow === undefined) throw new Error('internal: progress of a revision that has no started row');
    this.done = done;
    return historyProgress(this.conn.sql, this.tables, this.startedRow, done, total);
  }

  /**
   * A transactional false revision stopped after some of its statements ran: part of it is applied, so it stays
   * 'started' (interrupted) until a person resolves it.
   */
  get leftHalfDone(): boolean {
    return this.startedRow !== undefined && this.done > 0;
  }

  /** The row of a step that failed or was cancelled at `line`. */
  stopped(
    step: PreparedStep,
    started: Date,
    s0: number,
    outcome: 'failed' | 'cancelled',
    line: number,
    error: string,
  ): string {
    return this.leftHalfDone && this.startedRow !== undefined
      ? historyProgress(
          this.conn.sql,
          this.tables,
          this.startedRow,
          this.done,
          step.statements.length,
          `${outcome} at line ${line}: ${error}`,
        )
      : this.ended(step, started, performance.now() - s0, outcome, error);
  }

  /** Where a cancelled step stopped: its first statement not done (or its last). */
  stoppedLine(step: PreparedStep): number {
    return step.statements[this.done]?.line ?? step.statements[step.statements.length - 1]?.line ?? 0;
  }

  /** The step is recorded: the next one starts with no started row. */
  finished(): void {
    this.startedRow = undefined;
  }

  /** Moving the version table from `before` to `after`, then the history `records`. */
  closing(before: readonly string[], after: readonly string[], ...records: readonly string[]): string[] {
    return [...versionChanges(this.conn.sql, this.tables, before, after), ...records];
  }
}

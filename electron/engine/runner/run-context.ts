// What the parts of one run share (its connection and transaction, its bookkeeping, the step
// in flight, its counts), and the two kinds of strategy a run is made of: how the whole run
// uses transactions (strategies/per-revision.ts, strategies/single-transaction.ts) and how
// one step does (per revision, non-transactional, inside the run's one transaction).
import { performance } from 'node:perf_hooks';
import type { RevisionId } from '../../../shared/model/revision.ts';
import type { Connection, StrataTables } from '../dialects/dialect.ts';
import { readVersionRows } from '../dialects/strata-tables.ts';
import type { RevisionMap } from '../graph/revision-map.ts';
import { RunHistory, VersionRows } from './bookkeeping.ts';
import type { Identity } from './identity.ts';
import type { PreparedStep } from './prepare.ts';
import type { RunEvent } from './run-types.ts';
import { Transaction } from './transaction.ts';

export class RunContext {
  readonly tx: Transaction;
  readonly versions: VersionRows;
  readonly history: RunHistory;
  /** The step in flight: what a cancel records as cancelled. */
  running: InFlight | undefined;
  applied = 0;
  skipped = 0;
  /** When the run last let the event loop turn (see runStatements). */
  lastYield = performance.now();

  constructor(
    readonly conn: Connection,
    readonly map: RevisionMap,
    readonly tables: StrataTables,
    readonly emit: (event: RunEvent) => void,
    private readonly signal: AbortSignal | undefined,
    identity: Identity,
    runId: string,
  ) {
    this.tx = new Transaction(conn);
    this.versions = new VersionRows(map);
    this.history = new RunHistory(conn, map, tables, identity, runId);
  }

  get aborted(): boolean {
    return this.signal?.aborted === true;
  }

  /**
   * The run lock alone does not keep other writers of the version table away (LockScope
   * 'transaction': SQLite), so each transaction reads the version rows again under its own
   * write lock before it acts on them.
   */
  get rereadsPerTransaction(): boolean {
    return this.conn.capabilities.runLockScope === 'transaction';
  }

  /**
   * Another runner may have moved the database since the plan was made: the rows, read again
   * — unless the driver can tell that no other connection has committed since this one last
   * looked (SQLite's data_version), when the rows are still the ones this run read or wrote.
   * Reading them took two statements per revision that the offline script does not run
   * (tableExists and the SELECT, each prepared again after every schema change).
   */
  async reread(): Promise<void> {
    if (this.conn.othersCommitted !== undefined && !(await this.conn.othersCommitted())) return;
    this.versions.reread(await readVersionRows(this.conn, this.tables));
  }

  get inFlight(): InFlight {
    if (!this.running) throw new Error('internal: no step in flight');
    return this.running;
  }
}

/** A step that started: when (a date for the history, a clock reading for durations). */
export interface InFlight {
  readonly step: PreparedStep;
  readonly started: Date;
  readonly s0: number;
}

/** How a run uses transactions, from its first read of the version table to its last write. */
export interface RunStrategy {
  /** Before the version table is read: BEGIN, where the reading must happen inside it. */
  beforeRead(): Promise<void>;
  /** The plan is made: end what beforeRead began, where the steps take transactions of their own. */
  afterPlan(): Promise<void>;
  run(prepared: readonly PreparedStep[]): Promise<void>;
  /** After the last step: what is left to write, and COMMIT. */
  finish(): Promise<void>;
  /** The version rows a failure or a cancel says the database is at. */
  rowsOnFailure(): readonly string[];
}

/** How one step runs: what is around its statements. */
export interface StepStrategy {
  /** A failure takes the whole step back (else what ran stays applied). */
  readonly transactional: boolean;
  /**
   * Before the step's status is checked: its transaction begins, the rows are read again where the lock scope asks it.
   */
  open(step: PreparedStep): Promise<void>;
  /** The step is not pending after all: take back what open() began. */
  abandon(): Promise<void>;
  /** The statements. Returns the rows after the step when its bookkeeping and COMMIT went with them. */
  execute(step: PreparedStep): Promise<readonly RevisionId[] | undefined>;
  /** After the statements: the step's version rows and history row, written or kept for later. */
  close(step: PreparedStep): Promise<StepEnd>;
}

export interface StepEnd {
  readonly rows: readonly RevisionId[];
  readonly durationMs: number;
}

// The dialect interface: small on purpose. `DialectSql` renders SQL (pure, used offline
// too); `Connection` executes it. The runner and CLI talk to databases only through these.
import type { Dialect, Direction } from '../../../shared/model/revision.ts';

export interface StrataTables {
  readonly version: string;
  readonly history: string;
}

export const HISTORY_TABLE = 'strata_history';

export type HistoryDirection = Direction | 'stamp';
export type HistoryOutcome = 'applied' | 'failed' | 'cancelled';

export interface HistoryEntry {
  readonly revision: string;
  readonly direction: HistoryDirection;
  readonly checksum: string | null;
  readonly startedAt: Date;
  readonly durationMs: number | null;
  readonly outcome: HistoryOutcome;
  readonly user: string;
  readonly host: string;
  readonly toolVersion: string;
  readonly error: string | null;
}

export interface HistoryRow extends HistoryEntry {
  readonly id: number;
}

export interface SessionSettings {
  /** PostgreSQL lock_timeout, e.g. '5s'; ignored by SQLite, which has no lock queue to wait in. */
  readonly lockTimeout?: string | undefined;
  readonly statementTimeout?: string | undefined;
}

export interface DialectSql {
  readonly name: Dialect;
  quoteIdent(identifier: string): string;
  createStrataTables(tables: StrataTables): readonly string[];
  /** SQLite takes the write lock up front (BEGIN IMMEDIATE) so the version check inside is race-free. */
  beginTransaction(): string;
  sessionSettings(settings: SessionSettings): readonly string[];
  /** SQL literal for a timestamp in the history table. */
  timestamp(date: Date | 'now'): string;
}

/** Statement `index` of a pipelined sequence failed with `cause`. */
export class PipelineFailure extends Error {
  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'PipelineFailure';
  }
}

/** Whether the run lock covers the whole run (PostgreSQL advisory lock) or each transaction (SQLite). */
export type LockScope = 'run' | 'transaction';

export interface Connection {
  readonly sql: DialectSql;
  readonly lockScope: LockScope;
  /** Where this connection points, with any password removed: safe to print. */
  readonly display: string;
  /** Executes one statement and discards its rows. */
  execute(statement: string): Promise<void>;
  /**
   * Inside a transaction only: executes statements in order, sent all at once where the
   * driver can pipeline them (PostgreSQL: one round trip instead of one each). `completed`
   * hears of each as it finishes. The first failure rejects with a PipelineFailure naming
   * it; the ones after it ran into the aborted transaction and did nothing. Drivers without
   * a network round trip to save (SQLite) leave this out.
   */
  executePipelined?(statements: readonly string[], completed: (index: number) => void): Promise<void>;
  query<Row extends Record<string, unknown>>(statement: string, params?: readonly unknown[]): Promise<Row[]>;
  /** True when the table exists (in the connection's search path / main schema). */
  tableExists(name: string): Promise<boolean>;
  /** Takes the run lock; `onWait` is called once if another runner holds it. */
  acquireRunLock(tables: StrataTables, onWait: () => void): Promise<() => Promise<void>>;
  /**
   * Where the run lock lasts one transaction (SQLite), the lock a `transactional false`
   * revision holds while its statements run outside a transaction, so that no second runner
   * runs them too. `onWait` is called once if another runner holds it. Absent where the run
   * lock already covers the whole run (PostgreSQL).
   */
  lockOutsideTransaction?(onWait: () => void, signal?: AbortSignal): Promise<() => Promise<void>>;
  /** Stops the statement in flight, if the driver can; the runner also checks between statements. */
  cancel(): Promise<void>;
  close(): Promise<void>;
}

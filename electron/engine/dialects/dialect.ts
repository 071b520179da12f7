// The dialect interface: small on purpose. `DialectSql` renders SQL (pure, used offline
// too); `Connection` executes it. The runner and CLI talk to databases only through these.
import type { Dialect, Direction } from '../../../shared/model/revision.ts';

export interface StrataTables {
  readonly version: string;
  readonly history: string;
}

export const HISTORY_TABLE = 'strata_history';

export type HistoryDirection = Direction | 'stamp';
/**
 * 'started': a `transactional false` revision is running, or its runner died before it ended
 * (the row is written before its first statement and updated when it ends); 'aborted': such
 * an interrupted run, resolved by a person (the row's error says how).
 */
export type HistoryOutcome = 'applied' | 'failed' | 'cancelled' | 'started' | 'aborted';

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
  /** The run that wrote the row, one id for all its steps (absent: not recorded, as offline and in old rows). */
  readonly runId?: string | null;
  /** An upgrade's revision text as applied (revisionText), to diff an edited file against. */
  readonly appliedSql?: string | null;
}

export interface HistoryRow extends HistoryEntry {
  readonly id: number;
  readonly runId: string | null;
  /** null: not recorded (rows from before it was kept, downgrades, stamps, offline scripts). */
  readonly appliedSql: string | null;
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
  /** A query whose rows ({name}) are the columns of `table`: which columns a table made by an older Strata lacks. */
  columnsQuery(table: string): string;
  /** SQLite takes the write lock up front (BEGIN IMMEDIATE) so the version check inside is race-free. */
  beginTransaction(): string;
  sessionSettings(settings: SessionSettings): readonly string[];
  /** SQL literal for a timestamp in the history table. */
  timestamp(date: Date | 'now'): string;
  /**
   * Milliseconds since the current transaction began, as the server computes it: the history
   * row's duration when it is sent before the statements it times have answered (the runner
   * then sends a revision, its bookkeeping and COMMIT in one batch). Absent: not offered.
   */
  readonly transactionElapsedMs?: string;
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

/**
 * Whether the run lock alone keeps other writers of the version table away (PostgreSQL), or
 * each revision's transaction must also read the version rows again under its own write lock
 * (SQLite: BEGIN IMMEDIATE), because a revision may be between two transactions of its own
 * when a writer that takes no run lock (an older Strata, Alembic, a person) moves the table.
 */
export type LockScope = 'run' | 'transaction';

/**
 * What a connection can do beyond the surface every dialect shares, declared as flags (as
 * Kysely's dialect adapters declare theirs): the runner and the guarded wrapper choose their
 * paths by these, never by the dialect's name. The conformance suite
 * (dialects/conformance/) checks each flag against what the connection does.
 */
export interface Capabilities {
  /**
   * executePipelined sends a whole batch before the first answer (PostgreSQL: one round trip
   * instead of one a statement). Without it the batch runs one statement after the other,
   * and the runner sends statements one at a time: there is no round trip to save (SQLite).
   */
  readonly pipelining: boolean;
  /** cancel() stops a statement in flight; without it a run stops between statements only. */
  readonly cancel: boolean;
  /** What the run lock alone keeps away (see LockScope). */
  readonly runLockScope: LockScope;
  /**
   * openLockWatch() works: a second session can name the sessions whose locks a statement
   * of this connection waits for (a guarded run reports them). Without it statements do
   * not queue for table locks where another session could be named (SQLite).
   */
  readonly lockWatch: boolean;
}

/** A session that holds a lock another one waits for. */
export interface Blocker {
  readonly pid: number;
  readonly state: string | null;
  readonly query: string | null;
  readonly xactAgeSeconds: number | null;
  readonly application: string | null;
}

/** A second session watching one connection: who holds the locks its statement in flight waits for. */
export interface LockWatch {
  /** The sessions blocking the watched connection right now (none when it waits for nothing). */
  blockers(): Promise<Blocker[]>;
  close(): Promise<void>;
}

export type ObjectKind = 'index' | 'table' | 'view' | 'materialized view' | 'column';

/** A catalog object, its names folded as the dialect folds them (PostgreSQL: unquoted → lower case). */
export interface ObjectRef {
  readonly kind: ObjectKind;
  readonly schema: string | null;
  readonly name: string;
  /** The table of an index or a column. */
  readonly table?: { readonly schema: string | null; readonly name: string };
}

export interface ObjectState {
  readonly exists: boolean;
  /** PostgreSQL indexes: false when INVALID (a CONCURRENTLY build failed, or is not finished). */
  readonly valid?: boolean;
  /** PostgreSQL: the server process still building this index (its client may be gone). */
  readonly buildingPid?: number;
}

/** A statement a server session is still running (a dead client's backend runs on until it notices). */
export interface RunningStatement {
  /** Index into the statements asked about. */
  readonly index: number;
  readonly pid: number;
  readonly since: Date | null;
}

/** The runner that holds the run lock, as far as the database can tell. */
export interface RunLockHolder {
  /** The holder's process id on its own machine (null: not a Strata runner, or not known). */
  readonly pid: number | null;
  readonly host: string | null;
  readonly since: Date | null;
}

export interface RunLockOptions {
  /** Called when the lock is taken by someone else, and again whenever the holder changes. */
  readonly onWait?: (holder: RunLockHolder | undefined) => void;
  readonly signal?: AbortSignal;
  /** Give up after this long, in ms (RunLockTimeoutError); absent: wait until it is free. */
  readonly waitMs?: number;
}

/** Another runner held the run lock for longer than the caller allowed to wait. */
export class RunLockTimeoutError extends Error {
  constructor(
    readonly holder: RunLockHolder | undefined,
    readonly waitedMs: number,
  ) {
    super(
      `another runner still holds the run lock after ${Math.round(waitedMs / 100) / 10} ` +
        `s of waiting${holder ? ` (${describeHolder(holder)})` : ''}; nothing was run`,
    );
    this.name = 'RunLockTimeoutError';
  }
}

/** "pid 4242 on build-7, since 2026-12-07T10:02:03Z", with what is known. */
export function describeHolder(holder: RunLockHolder): string {
  const who = [
    holder.pid !== null ? `pid ${holder.pid}` : 'a session that is not a strata runner',
    holder.host !== null ? `on ${holder.host}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return holder.since ? `${who}, since ${holder.since.toISOString().replace(/\.\d{3}Z$/, 'Z')}` : who;
}

export interface Connection {
  readonly sql: DialectSql;
  readonly capabilities: Capabilities;
  /** Where this connection points, with any password removed: safe to print. */
  readonly display: string;
  /** Executes one statement and discards its rows. */
  execute(statement: string): Promise<void>;
  /**
   * Inside a transaction only: executes statements in order, sent all at once where the
   * driver can pipeline them (capabilities.pipelining; PostgreSQL: one round trip instead of
   * one each), else one after the other. `completed` hears of each as it finishes. The first
   * failure rejects with a PipelineFailure naming it; the ones after it did nothing (they ran
   * into the aborted transaction, or were never sent).
   */
  executePipelined(statements: readonly string[], completed: (index: number) => void): Promise<void>;
  query<Row extends Record<string, unknown>>(statement: string, params?: readonly unknown[]): Promise<Row[]>;
  /** True when the table exists (in the connection's search path / main schema). */
  tableExists(name: string): Promise<boolean>;
  /**
   * Where the driver can tell (SQLite: PRAGMA data_version): whether another connection committed to the database
   * since this connection last asked (the first time: true). A runner that reads its state again in every
   * transaction skips the read when nothing but itself wrote since.
   */
  othersCommitted?(): Promise<boolean>;
  /**
   * Takes the run lock, which every Strata runner (upgrade, downgrade, stamp, resolve) holds
   * from its first read of the version table to its last write, so that none of them acts on
   * a state another one is changing. Waits until it is free, or `waitMs`.
   */
  acquireRunLock(tables: StrataTables, options?: RunLockOptions): Promise<() => Promise<void>>;
  /** Who holds the run lock right now; undefined when nobody does. Never waits. */
  runLockHolder(tables: StrataTables): Promise<RunLockHolder | undefined>;
  /** The catalog state of each object, in order. */
  inspectObjects(objects: readonly ObjectRef[]): Promise<ObjectState[]>;
  /**
   * Other sessions still running one of these statements (always none where a client's death ends its work: SQLite).
   */
  runningStatements(statements: readonly string[]): Promise<RunningStatement[]>;
  /**
   * Stops the statement in flight where capabilities.cancel says it can (else does nothing); the runner also checks
   * between statements.
   */
  cancel(): Promise<void>;
  /** Where capabilities.lockWatch: opens a second session on `url` that watches this one (else rejects). */
  openLockWatch(url: string): Promise<LockWatch>;
  close(): Promise<void>;
}

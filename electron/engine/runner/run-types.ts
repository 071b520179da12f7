// What a run is asked (RunOptions), what it tells while it goes (RunEvent) and what it
// answers (RunResult): shared by runner.ts and the guarded wrapper, which import nothing of
// each other's but this.
import type { Direction, PlanStep, RevisionId } from '../../../shared/model/revision.ts';
import type { Blocker, RunLockHolder, SessionSettings } from '../dialects/dialect.ts';
import type { Applied } from '../graph/plan.ts';
import type { Identity } from './identity.ts';

export type RunEvent =
  // Without a revision: waiting for another strata run (the holder, when it can be told).
  // With blockers (guarded runs): a statement waits for a table lock held by these sessions
  // (pg_blocking_pids).
  | {
      readonly type: 'lock-wait';
      readonly holder?: RunLockHolder;
      readonly revision?: RevisionId;
      readonly line?: number;
      readonly sql?: string;
      readonly blockers?: readonly Blocker[];
    }
  | {
      readonly type: 'lock-retry';
      readonly revision: RevisionId;
      readonly line: number;
      readonly attempt: number;
      readonly retries: number;
      readonly delayMs: number;
      readonly reason: string;
    }
  | { readonly type: 'plan'; readonly steps: readonly PlanStep[]; readonly rows: readonly string[] }
  | {
      readonly type: 'step-start';
      readonly index: number;
      readonly total: number;
      readonly revision: RevisionId;
      readonly direction: Direction;
      readonly message: string;
    }
  | {
      readonly type: 'statement-start';
      readonly revision: RevisionId;
      readonly index: number;
      readonly line: number;
      readonly sql: string;
    }
  | {
      readonly type: 'statement-end';
      readonly revision: RevisionId;
      readonly index: number;
      readonly line: number;
      readonly durationMs: number;
    }
  | {
      readonly type: 'step-end';
      readonly index: number;
      readonly total: number;
      readonly revision: RevisionId;
      readonly direction: Direction;
      readonly durationMs: number;
      readonly outcome: 'applied' | 'skipped';
    }
  | {
      readonly type: 'done';
      readonly applied: number;
      readonly skipped: number;
      readonly durationMs: number;
      readonly rows: readonly string[];
    };

export interface GuardOptions {
  /** lock_timeout for every statement of the run, e.g. '2s'. */
  readonly lockTimeout: string;
  /** How many times a revision that hit the lock timeout is rolled back and run again. */
  readonly retries: number;
  /** First backoff; doubled each retry, with jitter (default 500 ms). */
  readonly backoffMs?: number;
  /** A URL for the watching session (pg_blocking_pids); without it nobody watches. */
  readonly watchUrl?: string;
  /** Poll interval of the watcher (default 250 ms). */
  readonly pollMs?: number;
}

export interface RunOptions {
  /** Computes the plan from what is applied, under the run lock. */
  readonly plan: (applied: Applied) => readonly PlanStep[];
  readonly singleTransaction?: boolean;
  readonly settings?: SessionSettings;
  readonly signal?: AbortSignal;
  /** How long to wait for another runner's run lock, in ms; absent: until it is free. */
  readonly lockWaitMs?: number;
  readonly onEvent?: (event: RunEvent) => void;
  readonly identity?: Identity;
  /** Written on each of the run's history rows, so the run can be read back whole (default: a fresh id). */
  readonly runId?: string;
  /** PostgreSQL: lock_timeout on every statement, bounded retries of revisions that hit it (guarded.ts). */
  readonly guard?: GuardOptions;
}

export interface RunResult {
  readonly steps: readonly PlanStep[];
  readonly applied: number;
  readonly skipped: number;
  readonly durationMs: number;
  readonly rows: readonly string[];
}

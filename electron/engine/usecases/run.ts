// Run: upgrade or downgrade a database to a target. The plan is made by the runner under its
// run lock, from the rows it reads there; the events it streams are what the CLI prints and
// what the studio receives (runEventInfo: the contract's shape). A failure is described once,
// for both: what the error says, the state it left, and on PostgreSQL what a failed or
// cancelled CONCURRENTLY command left behind (named, with its cleanup, never run for you).
import type { RunEventInfo } from '../../../shared/api/run.ts';
import type { Direction } from '../../../shared/model/revision.ts';
import type { Connection, SessionSettings } from '../dialects/dialect.ts';
import type { Project } from '../project/project.ts';
import { InterruptedRunError, RunCancelledError, StatementFailedError } from '../runner/errors.ts';
import { findConcurrentLeftovers, type GuardOptions, type Leftover } from '../runner/guarded.ts';
import { holderInfo, interruptedInfo } from '../runner/interrupted/report.ts';
import { runMigration, type RunEvent, type RunResult } from '../runner/runner.ts';
import { engineErrorToApi } from './errors.ts';
import { planner, stepDetails } from './plan.ts';
import { requireNative, tablesOf } from './project.ts';

export type { GuardOptions, Leftover } from '../runner/guarded.ts';
export type { Blocker } from '../dialects/dialect.ts';
export type { RunEvent, RunResult } from '../runner/runner.ts';

/** A run that failed or was cancelled, as the contract's `failed` event carries it. */
export type RunFailure = Omit<Extract<RunEventInfo, { type: 'failed' }>, 'type'>;

export interface RunRequest {
  readonly direction: Direction;
  readonly target: string;
  readonly singleTransaction: boolean;
  /** Only the first N steps of the plan (stepping through it). */
  readonly maxSteps?: number | undefined;
  readonly settings?: SessionSettings;
  readonly signal?: AbortSignal;
  /** How long to wait for another runner's run lock, in ms; absent: until it is free. */
  readonly lockWaitMs?: number | undefined;
  /** PostgreSQL: a lock_timeout on every statement and bounded retries of a revision that hits it. */
  readonly guard?: GuardOptions | undefined;
  readonly onEvent?: (event: RunEvent) => void;
  /** The id the run's history rows carry (the studio's run id); absent: a fresh one. */
  readonly runId?: string | undefined;
  /** Told before the run's error is thrown: the failure described, leftovers included. */
  readonly onFailure?: (failure: RunFailure) => void;
}

export async function runToTarget(conn: Connection, project: Project, request: RunRequest): Promise<RunResult> {
  requireNative(project, 'a run');
  const { map } = project;
  try {
    return await runMigration(conn, map, tablesOf(project), {
      plan: planner(map, request.direction, request.target, request.maxSteps),
      singleTransaction: request.singleTransaction,
      ...(request.settings ? { settings: request.settings } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
      ...(request.onEvent ? { onEvent: request.onEvent } : {}),
      ...(request.lockWaitMs !== undefined ? { lockWaitMs: request.lockWaitMs } : {}),
      ...(request.guard ? { guard: request.guard } : {}),
      ...(request.runId !== undefined ? { runId: request.runId } : {}),
    });
  } catch (error) {
    request.onFailure?.(await describeFailure(conn, error));
    throw error;
  }
}

async function describeFailure(conn: Connection, error: unknown): Promise<RunFailure> {
  const failed = error instanceof StatementFailedError ? error : undefined;
  const cancelled = error instanceof RunCancelledError ? error : undefined;
  const leftovers: Leftover[] = conn.sql.name === 'postgres' ? await findConcurrentLeftovers(conn).catch(() => []) : [];
  return {
    message: engineErrorToApi(error).message,
    reason: failed?.reason ?? null,
    cancelled: cancelled !== undefined,
    revision: failed?.revision ?? cancelled?.revision ?? null,
    file: failed?.file ?? null,
    line: failed?.line ?? null,
    statement: failed?.statement ?? null,
    rolledBack: failed ? failed.rolledBack : true,
    rows: failed ? [...failed.rows] : [...(cancelled?.rows ?? [])],
    leftovers: leftovers.map((l) => ({ ...l, cleanup: [...l.cleanup] })),
    interrupted: error instanceof InterruptedRunError ? error.runs.map(interruptedInfo) : [],
  };
}

/**
 * A runner's event as the contract carries it: plan steps with their details, the lock
 * holder as plain data. Undefined for what only a guarded run (the CLI's --retries) streams.
 */
export function runEventInfo(project: Project, event: RunEvent): RunEventInfo | undefined {
  switch (event.type) {
    case 'plan':
      return { ...event, steps: stepDetails(project.map, event.steps), rows: [...event.rows] };
    case 'lock-wait': {
      const { holder, ...rest } = event;
      return holder ? { ...rest, holder: holderInfo(holder) } : rest;
    }
    case 'done':
      return { ...event, rows: [...event.rows] };
    case 'lock-retry':
      return undefined;
    default:
      return event;
  }
}

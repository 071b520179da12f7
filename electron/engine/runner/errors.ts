// Named run failures. Each carries what a person needs: which revision, which statement,
// where it is in the file, and what state the database was left in.
import type { Direction, RevisionId } from '../../../shared/model/revision.ts';
import type { InterruptedRun } from './interrupted/report.ts';

/** SQLSTATE 55P03: a statement gave up waiting for a lock (lock_timeout); what a guarded run retries. */
export const LOCK_NOT_AVAILABLE = '55P03';

/** The SQLSTATE of a driver's error, or of a StatementFailedError that carries one. */
export function sqlStateOf(error: unknown): string | undefined {
  const code =
    (error as { sqlState?: unknown; code?: unknown } | null)?.sqlState ?? (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export class StatementFailedError extends Error {
  constructor(
    readonly revision: RevisionId,
    readonly direction: Direction,
    readonly file: string,
    readonly line: number,
    readonly statement: string,
    readonly reason: string,
    /** true when the revision's changes were rolled back (transactional revisions). */
    readonly rolledBack: boolean,
    readonly rows: readonly string[],
    /** Part of the revision stays applied: it is recorded as interrupted, to be resolved. */
    readonly interrupted = false,
  ) {
    const where = `${file}:${line}`;
    const state = rolledBack
      ? `rolled back: the database is still at ${rows.length > 0 ? rows.join(', ') : 'base'}`
      : `NOT rolled back (transactional false): statements before line ${line} stay applied and the version table ` +
        `still says ${rows.length > 0 ? rows.join(', ') : 'base'}` +
        (interrupted
          ? `; ${revision} is recorded as interrupted and nothing runs until 'strata resolve ${revision}' settles it`
          : '');
    super(`${direction} ${revision} failed at ${where}\n  ${firstLines(statement)}\n  ${reason}\n${state}`);
    this.name = 'StatementFailedError';
  }
}

export class RunCancelledError extends Error {
  constructor(
    readonly revision: RevisionId | undefined,
    /** The version rows; undefined when the run was cancelled before it read them. */
    readonly rows: readonly string[] | undefined,
    /** A transactional false revision was cut off after part of it ran: recorded as interrupted. */
    readonly interrupted = false,
  ) {
    const at =
      rows === undefined ? 'nothing was run' : `the database is at ${rows.length > 0 ? rows.join(', ') : 'base'}`;
    const during =
      revision === undefined
        ? ''
        : interrupted
          ? ` during ${revision}, part of which stays applied (transactional false): ` +
            `it is recorded as interrupted, see 'strata resolve ${revision}'`
          : ` during ${revision}, which was rolled back`;
    super(`cancelled${rows === undefined ? ' while waiting for another runner' : ''}${during}; ${at}`);
    this.name = 'RunCancelledError';
  }
}

/** The plan cannot run as asked (no downgrade section, CONCURRENTLY-style revision in one transaction…). */
export class PlanRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanRejectedError';
  }
}

/** Another runner changed the database between planning and this step. */
export class ConcurrentChangeError extends Error {
  constructor(revision: RevisionId, reason: string) {
    super(
      `the database changed while this run was waiting: ` +
        `${revision} ${reason}; nothing of this step was applied, run again`,
    );
    this.name = 'ConcurrentChangeError';
  }
}

/**
 * A `transactional false` revision was interrupted (its runner died half way) and nobody has
 * said yet what to do about it: nothing else runs until somebody does (strata resolve).
 */
export class InterruptedRunError extends Error {
  constructor(readonly runs: readonly InterruptedRun[]) {
    const names = runs.map(
      (r) =>
        `${r.direction} ${r.revision}${r.file ? ` (${r.file})` : ''}, ` +
        `started ${r.startedAt.toISOString()} by ${r.user}@${r.host}`,
    );
    super(
      `${runs.length === 1 ? 'a revision was' : `${runs.length} revisions were`} ` +
        `interrupted and never finished: ${names.join('; ')}; nothing was run. ` +
        `'strata resolve ${runs[0]?.revision ?? 'REV'}' shows what it left and the ways out`,
    );
    this.name = 'InterruptedRunError';
  }
}

/** `resolve` cannot do what it was asked, and says why (a build still running, no such run…). */
export class ResolveRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResolveRefusedError';
  }
}

function firstLines(statement: string): string {
  const lines = statement.split('\n');
  return lines.length <= 6
    ? lines.join('\n  ')
    : [...lines.slice(0, 5), `… (${lines.length - 5} more lines)`].join('\n  ');
}

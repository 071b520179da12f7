// Named run failures. Each carries what a person needs: which revision, which statement,
// where it is in the file, and what state the database was left in.
import type { Direction, RevisionId } from '../../../shared/model/revision.ts';

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
  ) {
    const where = `${file}:${line}`;
    const state = rolledBack
      ? `rolled back: the database is still at ${rows.length > 0 ? rows.join(', ') : 'base'}`
      : `NOT rolled back (transactional false): statements before line ${line} stay applied and the version table still says ${rows.length > 0 ? rows.join(', ') : 'base'}`;
    super(`${direction} ${revision} failed at ${where}\n  ${firstLines(statement)}\n  ${reason}\n${state}`);
    this.name = 'StatementFailedError';
  }
}

export class RunCancelledError extends Error {
  constructor(
    readonly revision: RevisionId | undefined,
    readonly rows: readonly string[],
  ) {
    super(`cancelled${revision ? ` during ${revision}, which was rolled back` : ''}; the database is at ${rows.length > 0 ? rows.join(', ') : 'base'}`);
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
    super(`the database changed while this run was waiting: ${revision} ${reason}; nothing of this step was applied, run again`);
    this.name = 'ConcurrentChangeError';
  }
}

function firstLines(statement: string): string {
  const lines = statement.split('\n');
  return lines.length <= 6 ? lines.join('\n  ') : [...lines.slice(0, 5), `… (${lines.length - 5} more lines)`].join('\n  ');
}

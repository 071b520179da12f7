// The ways out of an interrupted `transactional false` revision, each one a person's choice:
// - mark-applied: the revision did all it had to (an index the server finished after its
//   client died); the version table moves as if the step had ended.
// - rollback: take back what it left (report.ts derives the SQL), so that it can run again
//   from the start; the version table stays.
// - rerun: nothing of it needs taking back (or a person took care of it); the next run
//   runs it again from its first statement.
// All under the run lock, and refused while a server session still works on the revision:
// deciding then would race it (dropping an index a dead client's backend is still building).
import type { RevisionId } from '../../../../shared/model/revision.ts';
import type { Connection, RunLockOptions, StrataTables } from '../../dialects/dialect.ts';
import { historyFinish, readStartedRuns, readVersionRows, versionChanges } from '../../dialects/strata-tables.ts';
import { appliedFromRows, applySteps, rowsFromApplied } from '../../graph/plan.ts';
import type { RevisionMap } from '../../graph/revision-map.ts';
import { ResolveRefusedError } from '../errors.ts';
import { defaultIdentity, type Identity } from '../identity.ts';
import { describeInterrupted, type InterruptedRun } from './report.ts';

export type ResolveAction = 'mark-applied' | 'rollback' | 'rerun';

export interface ResolveResult {
  readonly run: InterruptedRun;
  readonly action: ResolveAction;
  /** The statements the rollback ran, in order. */
  readonly ran: readonly string[];
  readonly rows: readonly string[];
}

export interface ResolveOptions {
  readonly identity?: Identity;
  readonly lock?: RunLockOptions;
  /** Called before each rollback statement runs. */
  readonly onStatement?: (sql: string) => void;
}

function note(action: ResolveAction, identity: Identity, run: InterruptedRun): string {
  const who = `${identity.user}@${identity.host} at ${new Date().toISOString()}`;
  const done = run.progress ? ` after ${run.progress.done} of ${run.progress.total} statements` : '';
  const what =
    action === 'mark-applied'
      ? 'marked applied'
      : action === 'rollback'
        ? 'its leftovers rolled back'
        : 'left to run again';
  return `interrupted${done}; ${what} by ${who}`;
}

export async function resolveInterrupted(
  conn: Connection,
  map: RevisionMap,
  tables: StrataTables,
  revision: RevisionId,
  action: ResolveAction,
  options: ResolveOptions = {},
): Promise<ResolveResult> {
  const identity = options.identity ?? defaultIdentity();
  const current = async (lockHeld: boolean): Promise<InterruptedRun> => {
    const row = (await readStartedRuns(conn, tables)).find((r) => r.revision === revision);
    if (!row)
      throw new ResolveRefusedError(`${revision} has no interrupted run on ${conn.display}: nothing to resolve`);
    const run = await describeInterrupted(conn, map, tables, row, lockHeld);
    if (run.busy.length > 0) {
      const who = run.busy.map((b) => `server process ${b.pid} (line ${b.line})`).join(', ');
      throw new ResolveRefusedError(
        `${revision} is still being worked on by ${who}, whose client is gone: ` +
          `wait for it to end, or stop it with SELECT pg_cancel_backend(pid), then resolve`,
      );
    }
    return run;
  };
  // Asked before waiting for the run lock too: the session of a killed runner keeps holding
  // it (PostgreSQL) for as long as the server works on its last statement, and that is what
  // the user should hear about, not "waiting for another runner".
  await current(false);
  const release = await conn.acquireRunLock(tables, options.lock ?? {});
  try {
    const run = await current(true);
    const row = { id: run.historyId };
    const ran: string[] = [];
    if (action === 'rollback') {
      // One statement at a time, each committed on its own: DROP INDEX CONCURRENTLY cannot
      // run in a transaction, and a failure half way leaves the run unresolved, with the
      // statements already run reported, so that it can be resolved again.
      for (const statement of run.rollback) {
        options.onStatement?.(statement);
        try {
          await conn.execute(statement);
        } catch (error) {
          const done = ran.length > 0 ? `; done before it: ${ran.join('; ')}` : '';
          throw new ResolveRefusedError(
            `the rollback of ${revision} stopped at '${statement}': ` +
              `${error instanceof Error ? error.message : String(error)}${done}. ${revision} is still interrupted`,
          );
        }
        ran.push(statement);
      }
    }
    let rows: string[];
    const finish = historyFinish(
      conn.sql,
      tables,
      row.id,
      action === 'mark-applied' ? 'applied' : 'aborted',
      null,
      note(action, identity, run),
    );
    await conn.execute(conn.sql.beginTransaction());
    try {
      rows = await readVersionRows(conn, tables);
      const changes: string[] = [];
      if (action === 'mark-applied') {
        if (!map.has(revision))
          throw new ResolveRefusedError(`${revision} is not in the project any more: it cannot be marked applied`);
        const before = appliedFromRows(map, rows);
        const after = rowsFromApplied(map, applySteps(before, [{ revision, direction: run.direction }]));
        changes.push(...versionChanges(conn.sql, tables, rows, after));
        rows = after;
      }
      for (const change of [...changes, finish]) await conn.execute(change);
      await conn.execute('COMMIT');
    } catch (error) {
      await conn.execute('ROLLBACK').catch(() => {});
      throw error;
    }
    return { run, action, ran, rows };
  } finally {
    await release().catch(() => {});
  }
}

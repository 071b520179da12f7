// What an interrupted `transactional false` revision left behind. Its runner wrote a
// 'started' history row before the first statement and counted the statements it finished;
// it died before the end, so the database may hold part of the revision: a table created,
// an index that the server finished building after its client was gone, or one still being
// built. The report puts each statement beside what the catalog holds now, and derives the
// SQL that takes the leftovers back — shown to a person, run only when asked (resolve.ts).
import type { InterruptedRunInfo, RunLockHolderInfo } from '../../../../shared/api/run.ts';
import type { Direction, RevisionId } from '../../../../shared/model/revision.ts';
import type {
  Connection,
  DialectSql,
  HistoryRow,
  ObjectRef,
  ObjectState,
  RunLockHolder,
  StrataTables,
} from '../../dialects/dialect.ts';
import { parseProgress, readStartedRuns, type Progress } from '../../dialects/strata-tables.ts';
import type { RevisionMap } from '../../graph/revision-map.ts';
import { splitStatements } from '../../sql/statements.ts';
import { footprintOf, type Footprint } from './footprint.ts';

/** Where a statement of the interrupted revision stands. */
export type StatementStatus =
  /** The runner saw it finish. */
  | 'done'
  /**
   * It was running when the runner stopped: it may have ended before (the count is written
   * just after each statement), or after, on the server (PostgreSQL runs on until it notices
   * the client is gone), or not at all. Its object, where it has one, tells which.
   */
  | 'interrupted'
  /** It failed, or was cancelled, and the runner recorded why (InterruptedRun.progress.stopped). */
  | 'stopped'
  /** A server session is running it right now, its client gone. */
  | 'running'
  | 'not-started';

export interface InterruptedStatement {
  readonly index: number;
  readonly line: number;
  readonly sql: string;
  readonly status: StatementStatus;
  /** The object it creates or drops, where Strata can tell, and that object's state now. */
  readonly footprint?: Footprint;
  readonly state?: ObjectState;
  /** What the catalog says, in a sentence. */
  readonly finding: string;
}

export type Advice = 'mark-applied' | 'rerun' | 'rollback-then-rerun' | 'wait';

export interface InterruptedRun {
  readonly historyId: number;
  readonly revision: RevisionId;
  readonly direction: Direction;
  /** The revision's file; null when the project no longer has the revision. */
  readonly file: string | null;
  readonly startedAt: Date;
  readonly user: string;
  readonly host: string;
  /** Statements the runner saw finish, of how many (null: the row carries no count). */
  readonly progress: Progress | null;
  readonly statements: readonly InterruptedStatement[];
  /** Someone holds the run lock right now: perhaps the run is not interrupted but still going. */
  readonly holder: RunLockHolder | undefined;
  /** Server sessions still at work on the revision's statements: nothing may be decided until they end. */
  readonly busy: readonly { readonly pid: number; readonly line: number }[];
  /** SQL that takes back what the revision left, last change first; empty when there is nothing to take back. */
  readonly rollback: readonly string[];
  /** What the rollback cannot take back (a drop, a data change). */
  readonly cannotRollback: readonly string[];
  readonly advice: Advice;
}

function objectName(sql: DialectSql, o: { schema: string | null; name: string }): string {
  return o.schema === null ? sql.quoteIdent(o.name) : `${sql.quoteIdent(o.schema)}.${sql.quoteIdent(o.name)}`;
}

function describeObject(o: ObjectRef): string {
  const name = o.schema === null ? o.name : `${o.schema}.${o.name}`;
  return o.kind === 'column' || o.kind === 'index'
    ? `${o.kind} ${name} on ${o.table?.name ?? '?'}`
    : `${o.kind} ${name}`;
}

/** The statement that takes back a creation, or undefined when the object is not there. */
function undo(sql: DialectSql, f: Footprint): string {
  const o = f.object;
  const name = objectName(sql, o);
  switch (o.kind) {
    case 'index':
      // Dropping concurrently does not block the table's writers, as creating concurrently did not.
      return sql.name === 'postgres' && f.concurrently
        ? `DROP INDEX CONCURRENTLY IF EXISTS ${name}`
        : `DROP INDEX IF EXISTS ${name}`;
    case 'column':
      return `ALTER TABLE ${objectName(sql, o.table ?? o)} DROP COLUMN ${sql.quoteIdent(o.name)}`;
    case 'materialized view':
      return `DROP MATERIALIZED VIEW IF EXISTS ${name}`;
    case 'view':
      return `DROP VIEW IF EXISTS ${name}`;
    case 'table':
      return `DROP TABLE IF EXISTS ${name}`;
  }
}

function findingOf(
  status: StatementStatus,
  f: Footprint | undefined,
  state: ObjectState | undefined,
  stopped: string | undefined,
): string {
  if (status === 'stopped') {
    const after = f && state ? `; ${findingOf('done', f, state, undefined)}` : '';
    return `${stopped ?? 'stopped here'}${after}`;
  }
  if (!f || !state) {
    if (status === 'done') return 'ran to the end; Strata cannot tell from the catalog what it changed';
    if (status === 'running') return 'still running on the server';
    if (status === 'interrupted')
      return 'was running when the runner stopped; Strata cannot tell from the catalog whether it finished';
    return 'never started';
  }
  const what = describeObject(f.object);
  if (f.effect === 'write') {
    const table = `${what}${state.exists ? '' : ' (which does not exist)'}`;
    if (status === 'done') return `changed rows of ${table}`;
    if (status === 'interrupted')
      return (
        `was changing rows of ${table} when the runner stopped; ` +
        `Strata cannot tell from the catalog whether it finished`
      );
    return `changes rows of ${table}`;
  }
  if (f.effect === 'drop') return state.exists ? `${what} is still there (not dropped)` : `${what} is gone (dropped)`;
  if (!state.exists) return `${what} does not exist`;
  if (state.buildingPid !== undefined) return `${what} is still being built by server process ${state.buildingPid}`;
  if (state.valid === false)
    return `${what} exists but is INVALID: its build failed or was cut off, and queries do not use it`;
  return status === 'interrupted'
    ? `${what} exists${state.valid ? ' and is VALID' : ''}: the statement finished all the same`
    : `${what} exists${state.valid ? ' and is VALID' : ''}`;
}

/**
 * The interrupted run of one history row, with the catalog's state of each statement's object.
 * `lockHeld`: the caller holds the run lock, so no run can be going on.
 */
export async function describeInterrupted(
  conn: Connection,
  map: RevisionMap,
  tables: StrataTables,
  row: HistoryRow,
  lockHeld: boolean,
): Promise<InterruptedRun> {
  const revision = row.revision as RevisionId;
  const direction: Direction = row.direction === 'downgrade' ? 'downgrade' : 'upgrade';
  const rev = map.has(revision) ? map.get(revision) : undefined;
  const text = rev ? (direction === 'upgrade' ? rev.upgradeSql : rev.downgradeSql) : undefined;
  const line = rev ? (direction === 'upgrade' ? rev.upgradeLine : (rev.downgradeLine ?? 1)) : 1;
  const split = text === undefined ? [] : splitStatements(text, line);
  const progress = parseProgress(row.error) ?? null;
  const done = progress?.done ?? 0;
  const footprints = split.map((s) => footprintOf(s.sql, conn.sql.name));
  const tracked = footprints.flatMap((f, index) => (f ? [{ index, object: f.object }] : []));
  const states = await conn.inspectObjects(tracked.map((t) => t.object));
  const stateOf = new Map(tracked.map((t, k) => [t.index, states[k] as ObjectState]));
  const running = await conn.runningStatements(split.map((s) => s.sql));
  const runningAt = new Set(running.map((r) => r.index));
  const statements: InterruptedStatement[] = split.map((s, index) => {
    const status: StatementStatus = runningAt.has(index)
      ? 'running'
      : index < done
        ? 'done'
        : index === done
          ? progress?.stopped !== undefined
            ? 'stopped'
            : 'interrupted'
          : 'not-started';
    const footprint = footprints[index];
    const state = stateOf.get(index);
    return {
      index,
      line: s.line,
      sql: s.sql,
      status,
      ...(footprint ? { footprint } : {}),
      ...(state ? { state } : {}),
      finding: findingOf(status, footprint, state, progress?.stopped),
    };
  });
  const busy = [
    ...running.map((r) => ({ pid: r.pid, line: split[r.index]?.line ?? line })),
    ...statements.flatMap((s) =>
      s.state?.buildingPid !== undefined && !runningAt.has(s.index) ? [{ pid: s.state.buildingPid, line: s.line }] : [],
    ),
  ];
  // Last change first; only what a statement that ran (or may have) created, and is there.
  const rollback: string[] = [];
  const cannotRollback: string[] = [];
  // Rows written to a table the rollback drops go with it: nothing more to say about them.
  const sameTable = (a: ObjectRef, b: ObjectRef): boolean =>
    a.kind === b.kind && a.name === b.name && a.schema === b.schema;
  const dropped = (o: ObjectRef): boolean =>
    statements.some(
      (t) =>
        t.status !== 'not-started' &&
        t.footprint?.effect === 'create' &&
        t.state?.exists === true &&
        sameTable(t.footprint.object, o),
    );
  for (const s of [...statements].reverse()) {
    if (s.status === 'not-started') continue;
    if (s.footprint?.effect === 'write' && dropped(s.footprint.object)) continue;
    if (s.footprint?.effect === 'create') {
      if (s.state?.exists) rollback.push(undo(conn.sql, s.footprint));
    } else if (s.footprint?.effect === 'drop') {
      if (s.state && !s.state.exists)
        cannotRollback.push(
          `line ${s.line}: ${describeObject(s.footprint.object)} was dropped; ` +
            `only a backup or the revision's other section can bring it back`,
        );
    } else if (s.status === 'done' || s.status === 'interrupted') {
      // A statement that failed or was cancelled was taken back whole by the server.
      const what =
        s.footprint?.effect === 'write'
          ? `the rows it changed in ${describeObject(s.footprint.object)} stay as they are`
          : 'Strata cannot tell what this changed';
      cannotRollback.push(`line ${s.line}: ${s.sql.split('\n')[0]?.slice(0, 80) ?? ''} — ${what}`);
    }
  }
  // The runner saw the first `done` statements end; the revision is whole if every one after
  // them left its mark in the catalog (an index the server finished after the client died).
  const visible = (st: InterruptedStatement): boolean =>
    st.footprint !== undefined &&
    st.state !== undefined &&
    (st.footprint.effect === 'create'
      ? st.state.exists && st.state.valid !== false
      : st.footprint.effect === 'drop' && !st.state.exists);
  const everyEffect = statements.length > 0 && statements.slice(done).every(visible);
  const nothingDone = done === 0 && rollback.length === 0 && cannotRollback.length === 0;
  const advice: Advice =
    busy.length > 0 ? 'wait' : everyEffect ? 'mark-applied' : nothingDone ? 'rerun' : 'rollback-then-rerun';
  return {
    historyId: row.id,
    revision,
    direction,
    file: rev?.file ?? null,
    startedAt: row.startedAt,
    user: row.user,
    host: row.host,
    progress,
    statements,
    holder: lockHeld ? undefined : await conn.runLockHolder(tables),
    busy,
    rollback,
    cannotRollback,
    advice,
  };
}

/** Every interrupted run on this database, oldest first. */
export async function findInterrupted(
  conn: Connection,
  map: RevisionMap,
  tables: StrataTables,
  lockHeld = false,
): Promise<InterruptedRun[]> {
  const rows = await readStartedRuns(conn, tables);
  const out: InterruptedRun[] = [];
  for (const row of rows) out.push(await describeInterrupted(conn, map, tables, row, lockHeld));
  return out;
}

export function holderInfo(holder: RunLockHolder): RunLockHolderInfo {
  return { pid: holder.pid, host: holder.host, since: holder.since?.toISOString() ?? null };
}

/** The report as the contract carries it (and `--json` prints it). */
export function interruptedInfo(run: InterruptedRun): InterruptedRunInfo {
  return {
    revision: run.revision,
    direction: run.direction,
    file: run.file,
    startedAt: run.startedAt.toISOString(),
    user: run.user,
    host: run.host,
    progress: run.progress ? { ...run.progress } : null,
    statements: run.statements.map((s) => {
      const o = s.footprint?.object;
      return {
        line: s.line,
        sql: s.sql,
        status: s.status,
        object:
          o && s.footprint
            ? {
                kind: o.kind,
                name: o.schema === null ? o.name : `${o.schema}.${o.name}`,
                table: o.table?.name ?? null,
                effect: s.footprint.effect,
              }
            : null,
        exists: s.state?.exists ?? null,
        valid: s.state?.valid ?? null,
        buildingPid: s.state?.buildingPid ?? null,
        finding: s.finding,
      };
    }),
    holder: run.holder ? holderInfo(run.holder) : null,
    busy: run.busy.map((b) => ({ ...b })),
    rollback: [...run.rollback],
    cannotRollback: [...run.cannotRollback],
    advice: run.advice,
  };
}

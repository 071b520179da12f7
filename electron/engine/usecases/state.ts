// Read the database's state: its version rows, what they say is applied, rows this project
// does not know, and `transactional false` revisions cut off half way. A SQLite file that is
// not there yet has nothing applied, and reading it does not create it.
import type { RevisionId } from '../../../shared/model/revision.ts';
import type { HistoryRow } from '../dialects/dialect.ts';
import { readHistory, readVersionRows } from '../dialects/strata-tables.ts';
import { UnknownAppliedRevisionError } from '../graph/errors.ts';
import type { Project } from '../project/project.ts';
import { findInterrupted, type InterruptedRun } from '../runner/interrupted/report.ts';
import { withConnection, withExistingConnection, type Database } from './database.ts';
import { tablesOf } from './project.ts';

export { compareWithHeads, type HeadsComparison } from '../runner/checks.ts';
export { interruptedInfo } from '../runner/interrupted/report.ts';

export interface DatabaseState {
  /** False: a SQLite file not created yet (nothing applied). */
  readonly exists: boolean;
  readonly rows: readonly string[];
  /** Rows naming revisions this project does not have (deleted files, another branch's). */
  readonly unknownRows: readonly string[];
  /** Every applied revision; empty while unknown rows make it unknowable. */
  readonly applied: ReadonlySet<RevisionId>;
  readonly interrupted: readonly InterruptedRun[];
  /** The history table, when asked for (`withHistory`). */
  readonly history: readonly HistoryRow[];
}

export async function readDatabaseState(
  db: Database,
  project: Project,
  options: { readonly withHistory?: boolean } = {},
): Promise<DatabaseState> {
  const { map } = project;
  const tables = tablesOf(project);
  return withExistingConnection(db, async (conn) => {
    if (!conn) return { exists: false, rows: [], unknownRows: [], applied: new Set(), interrupted: [], history: [] };
    const rows = await readVersionRows(conn, tables);
    const history = options.withHistory === true ? await readHistory(conn, tables) : [];
    const interrupted = await findInterrupted(conn, map, tables);
    const unknownRows = rows.filter((r) => !map.has(r));
    const applied = unknownRows.length > 0 ? new Set<RevisionId>() : map.ancestors(rows as RevisionId[]);
    return { exists: true, rows, unknownRows, applied, interrupted, history };
  });
}

/** The applied revisions, or the error that names the rows the project does not know. */
export function appliedOf(state: DatabaseState): ReadonlySet<RevisionId> {
  if (state.unknownRows.length > 0) throw new UnknownAppliedRevisionError(state.unknownRows);
  return state.applied;
}

/**
 * The version rows of a database whose project cannot be read (a revision file does not
 * parse): the connection is still tried, so a broken file is not mistaken for a database
 * that cannot be reached. The default version table where strata.json cannot be read either.
 */
export function readRowsWithoutProject(
  db: Database,
  project: Pick<Project, 'config'> | undefined,
): Promise<{ exists: boolean; rows: string[] }> {
  return withExistingConnection(db, async (conn) => {
    if (!conn) return { exists: false, rows: [] };
    if (!project) return { exists: true, rows: [] };
    return { exists: true, rows: await readVersionRows(conn, tablesOf(project)) };
  });
}

/** The version rows alone (history -r current:…), from a connection opened for it. */
export function readCurrentRows(db: Database, project: Project): Promise<RevisionId[]> {
  return withConnection(db, async (conn) => (await readVersionRows(conn, tablesOf(project))) as RevisionId[]);
}

/** The history table, one revision's rows or all; none where the SQLite file is not there yet. */
export function readRunHistory(db: Database, project: Project, revision?: string): Promise<HistoryRow[]> {
  return withExistingConnection(db, (conn) =>
    conn ? readHistory(conn, tablesOf(project), revision) : Promise.resolve([]),
  );
}

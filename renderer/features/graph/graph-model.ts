// What the graph view derives from the store: lanes for the rows, the heads, and the markers
// of the active connection. Pure functions; the hooks memoise them.
import { firstRows, layoutGraph, type GraphLayout } from '../../../shared/model/graph-layout.ts';
import type { DatabaseStatus } from '../../../shared/api/connections.ts';
import type { GraphData, RevisionNode } from '../../../shared/api/project.ts';

export interface GraphModel {
  readonly revisions: readonly RevisionNode[];
  readonly layout: GraphLayout;
  readonly indexOf: ReadonlyMap<string, number>;
  readonly heads: ReadonlySet<string>;
  /** Messages in lower case, for the search box: made on the first search, not before the first paint. */
  lowerMessages(): readonly string[];
}

export function buildModel(graph: GraphData): GraphModel {
  const revisions = graph.revisions;
  // The first row of an id, as the layout draws it (ids are unique in a loaded project).
  const indexOf = firstRows(revisions);
  let lower: readonly string[] | undefined;
  return {
    revisions,
    layout: layoutGraph(revisions, indexOf),
    indexOf,
    heads: new Set(graph.heads),
    lowerMessages: () => (lower ??= revisions.map((r) => r.message.toLowerCase())),
  };
}

export type MarksState = 'none' | 'loading' | 'ok' | 'unreachable';

/** Markers of the active connection: what is applied and where the database's heads are. */
export interface DbMarks {
  readonly state: MarksState;
  readonly applied: ReadonlySet<string>;
  readonly dbHeads: ReadonlySet<string>;
  /** transactional false revisions cut off half way on this database: nothing runs until they are resolved. */
  readonly interrupted: ReadonlySet<string>;
  readonly error: string | null;
}

const EMPTY: ReadonlySet<string> = new Set();

export function marksFrom(status: DatabaseStatus | 'loading' | undefined, connected: boolean): DbMarks {
  if (!connected) return { state: 'none', applied: EMPTY, dbHeads: EMPTY, interrupted: EMPTY, error: null };
  if (status === undefined || status === 'loading')
    return { state: 'loading', applied: EMPTY, dbHeads: EMPTY, interrupted: EMPTY, error: null };
  if (!status.reachable)
    return { state: 'unreachable', applied: EMPTY, dbHeads: EMPTY, interrupted: EMPTY, error: status.error };
  return {
    state: 'ok',
    applied: new Set(status.applied),
    dbHeads: new Set(status.rows),
    interrupted: new Set(status.interrupted.map((r) => r.revision)),
    error: null,
  };
}

/** Rows matching the search: an id starting with the query, or a message containing it. */
export function searchMatches(model: GraphModel, query: string): readonly number[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [];
  const found: number[] = [];
  const { revisions } = model;
  const messages = model.lowerMessages();
  for (let i = 0; i < revisions.length; i++) {
    if ((revisions[i] as RevisionNode).id.startsWith(q) || (messages[i] as string).includes(q)) found.push(i);
  }
  return found;
}

/** The next (or previous) match after row `from`, wrapping around; -1 when there is none. */
export function nextMatch(matches: readonly number[], from: number, backwards: boolean): number {
  if (matches.length === 0) return -1;
  if (backwards) {
    for (let k = matches.length - 1; k >= 0; k--) if ((matches[k] as number) < from) return matches[k] as number;
    return matches[matches.length - 1] as number;
  }
  for (const m of matches) if (m > from) return m;
  return matches[0] as number;
}

export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** A created timestamp as a short date for the row, the full one for its tooltip. */
export function shortDate(created: string | null): string {
  if (!created) return '';
  const d = new Date(created);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Why "upgrade to here" / "downgrade to here" cannot be offered for a row, or null when it can.
 * Upgrading to an applied revision does nothing, and a downgrade target must be applied. */
export function actionBlockers(
  marks: DbMarks,
  id: string,
  connectionName: string | null,
): { readonly upgrade: string | null; readonly downgrade: string | null } {
  if (connectionName === null) return { upgrade: 'Choose a connection first', downgrade: 'Choose a connection first' };
  if (marks.state !== 'ok') return { upgrade: null, downgrade: null };
  const applied = marks.applied.has(id);
  return {
    upgrade: applied ? `Already applied on ${connectionName}` : null,
    downgrade: applied ? null : `Not applied on ${connectionName}: nothing to go down to`,
  };
}

// Resolve an interrupted run: what a `transactional false` revision cut off half way left,
// and the way out a person picks (mark it applied, roll its leftovers back, run it again).
import type { InterruptedRunInfo } from '../../../shared/api/run.ts';
import { asRevisionId, type RevisionId } from '../../../shared/model/revision.ts';
import type { RevisionMap } from '../graph/revision-map.ts';
import { resolveRevision } from '../graph/targets.ts';
import type { Project } from '../project/project.ts';
import { findInterrupted, interruptedInfo } from '../runner/interrupted/report.ts';
import { resolveInterrupted, type ResolveOptions, type ResolveResult } from '../runner/interrupted/resolve.ts';
import { withConnection, type Database } from './database.ts';
import { requireNative, tablesOf } from './project.ts';

export type { ResolveAction, ResolveResult } from '../runner/interrupted/resolve.ts';

/** Every interrupted run of the database, as the contract carries it. */
export function interruptedRuns(db: Database, project: Project): Promise<InterruptedRunInfo[]> {
  return withConnection(db, async (conn) =>
    (await findInterrupted(conn, project.map, tablesOf(project))).map(interruptedInfo),
  );
}

/** The revision a reference names; one whose file is gone can still be resolved, by its full id. */
export function revisionToResolve(map: RevisionMap, ref: string): RevisionId {
  return map.has(ref) || !/^[0-9a-z_]{12,32}$/.test(ref) ? resolveRevision(map, ref) : asRevisionId(ref);
}

export function resolveRun(
  db: Database,
  project: Project,
  revision: RevisionId,
  action: ResolveResult['action'],
  options: ResolveOptions = {},
): Promise<ResolveResult> {
  requireNative(project, 'resolve');
  return withConnection(db, (conn) =>
    resolveInterrupted(conn, project.map, tablesOf(project), revision, action, options),
  );
}

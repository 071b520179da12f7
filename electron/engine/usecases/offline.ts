// Offline SQL (`--sql`): the plan as one script, no connection. The start state is named
// (`FROM:TO`), or assumed: an upgrade starts from nothing, a downgrade from the heads.
import type { Direction, RevisionId } from '../../../shared/model/revision.ts';
import type { SessionSettings } from '../dialects/dialect.ts';
import { dialectSql } from '../dialects/registry.ts';
import { appliedFromRows, type Applied } from '../graph/plan.ts';
import type { RevisionMap } from '../graph/revision-map.ts';
import { parseTarget, resolveRevision } from '../graph/targets.ts';
import type { Project } from '../project/project.ts';
import { defaultIdentity } from '../runner/identity.ts';
import { renderOfflineScript } from '../runner/offline.ts';
import { InvalidRequestError } from './errors.ts';
import { planSteps } from './plan.ts';
import { tablesOf } from './project.ts';

/** `FROM:TO` names the start state; otherwise an upgrade starts from nothing and a downgrade from the heads. */
function offlineStart(map: RevisionMap, direction: Direction, target: string): { from: Applied; to: string } {
  const colon = target.indexOf(':');
  if (colon < 0) return { from: direction === 'upgrade' ? new Set() : map.ancestors(map.heads), to: target };
  // ' :head' starts from nothing, as ':head' does: a blank start is no revision to look up.
  const fromRef = target.slice(0, colon).trim();
  const to = target.slice(colon + 1);
  if (to === '') throw new InvalidRequestError(`'${target}': the range needs an end (FROM:TO)`);
  if (fromRef === '' || fromRef === 'base') return { from: new Set(), to };
  const parsed = parseTarget(fromRef);
  const ids: RevisionId[] = parsed.kind === 'heads' ? [...map.heads] : [resolveRevision(map, fromRef)];
  return { from: map.ancestors(ids), to };
}

export interface OfflineRequest {
  readonly direction: Direction;
  /** TARGET or FROM:TO. */
  readonly target: string;
  readonly singleTransaction: boolean;
  readonly settings: SessionSettings;
}

/**
 * The script of a plan made against a database (the studio's "Copy plan as SQL"): from the
 * version rows it read, so the SQL is the plan shown, step for step.
 */
export function offlineScriptFromRows(
  project: Project,
  request: Omit<OfflineRequest, 'target'> & { readonly target: string; readonly rows: readonly string[] },
): string {
  const { map } = project;
  const from = appliedFromRows(map, request.rows);
  return renderOfflineScript(map, {
    sql: dialectSql(project.config.dialect),
    tables: tablesOf(project),
    from,
    steps: planSteps(map, request.direction, request.target, from),
    singleTransaction: request.singleTransaction,
    settings: request.settings,
    identity: defaultIdentity(),
    title: `${request.direction} ${request.target}`,
  });
}

export function offlineScript(project: Project, request: OfflineRequest): string {
  const { map } = project;
  const start = offlineStart(map, request.direction, request.target);
  const steps = planSteps(map, request.direction, start.to, start.from);
  return renderOfflineScript(map, {
    sql: dialectSql(project.config.dialect),
    tables: tablesOf(project),
    from: start.from,
    steps,
    singleTransaction: request.singleTransaction,
    settings: request.settings,
    identity: defaultIdentity(),
    title: `${request.direction} ${request.target}`,
  });
}

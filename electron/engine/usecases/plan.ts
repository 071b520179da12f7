// Plan: from what a database has applied to a target, the ordered steps; with each step's
// message and whether it runs in a transaction, as the studio lists them.
import type { PlanStepInfo } from '../../../shared/api/common.ts';
import type { Direction, PlanStep, RevisionId } from '../../../shared/model/revision.ts';
import { readVersionRows } from '../dialects/strata-tables.ts';
import { appliedFromRows, planDowngrade, planUpgrade, type Applied } from '../graph/plan.ts';
import type { RevisionMap } from '../graph/revision-map.ts';
import { resolveRevision } from '../graph/targets.ts';
import type { Project } from '../project/project.ts';
import { withExistingConnection, type Database } from './database.ts';
import { InvalidRequestError } from './errors.ts';
import { tablesOf } from './project.ts';

export type { Applied } from '../graph/plan.ts';
export type { RevisionMap } from '../graph/revision-map.ts';
export { resolveRevision, singleHead } from '../graph/targets.ts';

/** The steps from `applied` to `target`; `maxSteps`: only the first N (stepping through a plan). */
export function planSteps(
  map: RevisionMap,
  direction: Direction,
  target: string,
  applied: Applied,
  maxSteps?: number,
): PlanStep[] {
  const steps = direction === 'upgrade' ? planUpgrade(map, applied, target) : planDowngrade(map, applied, target);
  return maxSteps === undefined ? steps : steps.slice(0, maxSteps);
}

/** Planning as a runner does it: from the rows it reads under the run lock. */
export function planner(
  map: RevisionMap,
  direction: Direction,
  target: string,
  maxSteps?: number,
): (applied: Applied) => PlanStep[] {
  return (applied) => planSteps(map, direction, target, applied, maxSteps);
}

/** Each step with its revision's message and transactional flag. */
export function stepDetails(map: RevisionMap, steps: readonly PlanStep[]): PlanStepInfo[] {
  return steps.map((s) => {
    const r = map.get(s.revision);
    return { ...s, message: r.message, transactional: r.transactional };
  });
}

export interface DatabasePlan {
  readonly rows: string[];
  readonly steps: PlanStep[];
}

/** The plan from the database's current rows (none where the SQLite file is not there yet). */
export function planAgainstDatabase(
  db: Database,
  project: Project,
  direction: Direction,
  target: string,
): Promise<DatabasePlan> {
  return withExistingConnection(db, async (conn) => {
    const rows = conn ? await readVersionRows(conn, tablesOf(project)) : [];
    return { rows, steps: planSteps(project.map, direction, target, appliedFromRows(project.map, rows)) };
  });
}

/** `A:B`, `:B`, `A:` — inclusive, as Alembic's history -r; `current` (history only) is the database's rows. */
export async function revisionRange(
  map: RevisionMap,
  range: string,
  option: string,
  current?: () => Promise<RevisionId[]>,
): Promise<Set<RevisionId>> {
  const [from, to, extra] = range.split(':');
  if (extra !== undefined || from === undefined || to === undefined)
    throw new InvalidRequestError(`${option} takes A:B, :B or A: (got '${range}')`);
  const resolveEnd = async (ref: string): Promise<RevisionId[]> => {
    if (ref === 'current' && current) return current();
    if (ref === 'heads') return [...map.heads];
    if (ref === 'base') return [];
    return [resolveRevision(map, ref)];
  };
  const upper = to === '' ? new Set(map.order) : map.ancestors(await resolveEnd(to));
  if (from === '' || from === 'base') return upper;
  const lower = map.descendants(await resolveEnd(from));
  return new Set([...upper].filter((id) => lower.has(id)));
}

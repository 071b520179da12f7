// Rehearse: the upgrade plan to a target run on PostgreSQL in one transaction that is rolled
// back, each statement's predicted locks beside the locks PostgreSQL took.
import type { RehearsalInfo } from '../../../shared/api/run.ts';
import type { PlanStep } from '../../../shared/model/revision.ts';
import type { Project } from '../project/project.ts';
import { rehearse, type RehearsalResult } from '../rehearsal/rehearse.ts';
import type { Database } from './database.ts';
import { planAgainstDatabase, stepDetails } from './plan.ts';
import { requireNative } from './project.ts';

export { formatRehearsal } from '../rehearsal/format.ts';
export type { RehearsalResult } from '../rehearsal/rehearse.ts';

export interface Rehearsal {
  readonly steps: readonly PlanStep[];
  readonly result: RehearsalResult;
}

/** `url`: the PostgreSQL database of `db` (the caller has refused any other). */
export async function rehearseUpgrade(
  db: Database,
  url: string,
  project: Project,
  target: string,
  options: { readonly lockTimeout?: string } = {},
): Promise<Rehearsal> {
  requireNative(project, 'a rehearsal');
  const { steps } = await planAgainstDatabase(db, project, 'upgrade', target);
  return { steps, result: await rehearse(url, project.map, steps, options) };
}

/** A rehearsal as the contract carries it. */
export function rehearsalInfo(project: Project, rehearsal: Rehearsal): RehearsalInfo {
  const { result } = rehearsal;
  return {
    serverVersion: result.serverVersion,
    steps: stepDetails(project.map, rehearsal.steps),
    statements: result.statements.map((st) => ({
      revision: st.revision,
      line: st.line,
      sql: st.sql,
      kind: st.kind,
      status: st.status,
      ...(st.reason !== undefined ? { reason: st.reason } : {}),
      ...(st.code !== undefined ? { code: st.code } : {}),
      ...(st.blockedBy !== undefined ? { blockedBy: st.blockedBy.map((b) => ({ ...b })) } : {}),
      durationMs: st.durationMs,
      predicted: { ...st.predicted, locks: [...st.predicted.locks] },
      observed: st.observed
        ? { locks: [...st.observed.locks], rewrites: st.observed.rewrites, alreadyHeld: [...st.observed.alreadyHeld] }
        : null,
      differences: [...st.differences],
    })),
    analyzerBugs: result.analyzerBugs.length,
    notRehearsable: result.notRehearsable,
    failed: result.failed,
  };
}

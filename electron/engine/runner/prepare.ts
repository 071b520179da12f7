// A plan's steps made ready to run: each revision's SQL split into statements, and what
// cannot run as asked refused before anything runs (online and in the offline script alike).
import type { PlanStep, Revision } from '../../../shared/model/revision.ts';
import type { RevisionMap } from '../graph/revision-map.ts';
import { isTransactionControl, splitStatements, type Statement } from '../sql/statements.ts';
import { PlanRejectedError } from './errors.ts';

export interface PreparedStep extends PlanStep {
  readonly rev: Revision;
  readonly statements: readonly Statement[];
}

/** Splits each step's SQL and refuses, before anything runs, what cannot run as asked. */
export function prepareSteps(map: RevisionMap, steps: readonly PlanStep[], singleTransaction: boolean): PreparedStep[] {
  return steps.map((step) => {
    const rev = map.get(step.revision);
    const sql = step.direction === 'upgrade' ? rev.upgradeSql : rev.downgradeSql;
    if (sql === undefined)
      throw new PlanRejectedError(
        `${rev.id} (${rev.file}) has no '-- strata:downgrade' section, so it cannot be taken back`,
      );
    if (singleTransaction && !rev.transactional) {
      throw new PlanRejectedError(
        `${rev.id} (${rev.file}) is 'transactional false' and cannot run inside --single-transaction`,
      );
    }
    const line = step.direction === 'upgrade' ? rev.upgradeLine : (rev.downgradeLine ?? 1);
    const statements = splitStatements(sql, line);
    const control = statements.find((s) => isTransactionControl(s.sql));
    if (control)
      throw new PlanRejectedError(
        `${rev.file}:${control.line}: '${control.sql.split(/\s/)[0]}' in a revision: ` +
          `Strata opens and commits the transactions itself (use 'transactional false' to run outside one)`,
      );
    return { ...step, rev, statements };
  });
}

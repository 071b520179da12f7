// Strata opens and commits each revision's transaction itself (or runs it outside one when
// the revision says `transactional false`); BEGIN/COMMIT inside the SQL would break that,
// and the runner refuses such a revision before running anything.
import { nodeAs } from '../parse.ts';
import type { Rule } from '../rule.ts';

export const transactionControl: Rule = {
  id: 'transaction-control',
  dialect: 'postgres',
  severity: 'error',
  summary: 'BEGIN / COMMIT / ROLLBACK / SAVEPOINT inside a revision',
  kinds: ['TransactionStmt'],
  check(ctx) {
    const t = nodeAs(ctx.node, 'TransactionStmt');
    if (!t || !ctx.state.isRevision) return [];
    return [{ message: `${ctx.fixes.tokens()[0]?.upper ?? 'BEGIN'} in a revision: Strata opens and commits the revision's transaction itself and refuses to run this. Remove it; use '-- strata:transactional false' to run outside a transaction, or split the revision` }];
  },
};

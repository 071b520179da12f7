// Strata opens and commits each revision's transaction itself (or runs it outside one when
// the revision says `transactional false`); BEGIN/COMMIT inside the SQL would break that,
// and the runner refuses such a revision before running anything. In a plain file that its
// runner wraps in a transaction (diesel, Flyway), BEGIN/COMMIT fight the runner's own.
import { nodeAs } from '../parse.ts';
import type { Rule } from '../rule.ts';

export const transactionControl: Rule = {
  id: 'transaction-control',
  dialect: 'postgres',
  severity: 'error',
  summary: 'BEGIN / COMMIT / ROLLBACK / SAVEPOINT inside a revision, or in a file its runner wraps in a transaction',
  kinds: ['TransactionStmt'],
  check(ctx) {
    const t = nodeAs(ctx.node, 'TransactionStmt');
    if (!t) return [];
    const word = ctx.fixes.tokens()[0]?.upper ?? 'BEGIN';
    if (ctx.state.isRevision)
      return [
        {
          message:
            `${word} in a revision: Strata opens and commits the revision's transaction itself and refuses ` +
            `to run this. Remove it; use '-- strata:transactional false' to run outside a transaction, ` +
            `or split the revision`,
        },
      ];
    if (
      !ctx.state.runnerTransaction ||
      !['TRANS_STMT_BEGIN', 'TRANS_STMT_START', 'TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK'].includes(t.kind ?? '')
    )
      return [];
    const runner = ctx.state.runner ?? 'the runner (--transactional)';
    return [
      {
        message:
          `${word} in a file ${runner} runs inside a transaction of its own: ` +
          (word === 'BEGIN' || word === 'START'
            ? 'PostgreSQL warns that a transaction is already in progress and the runner commits'
            : 'the runner’s transaction ends here, ' +
              'the statements after it commit one by one, and the runner’s own COMMIT finds') +
          ` no transaction to end. Remove it, or tell ${runner} not to wrap the file`,
      },
    ];
  },
};

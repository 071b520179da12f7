// An ACCESS EXCLUSIVE lock is held until the transaction commits: every statement after it in
// the same transaction runs while reads and writes of that table wait. Put the brief
// ACCESS EXCLUSIVE statement last, or in a transaction of its own.
import { nodeKind } from '../parse.ts';
import type { Rule } from '../rule.ts';
import { displayName } from '../schema/model.ts';

/** Statements that take no time worth counting while the lock is held. */
const QUICK: ReadonlySet<string> = new Set(['TransactionStmt', 'VariableSetStmt', 'VariableShowStmt', 'CommentStmt']);

export const afterAccessExclusive: Rule = {
  id: 'after-access-exclusive',
  dialect: 'postgres',
  severity: 'warning',
  summary: 'statements run while an earlier ACCESS EXCLUSIVE lock of the same transaction is held',
  oncePerRevision: true,
  check(ctx) {
    if (!ctx.state.transactional || ctx.state.held.size === 0 || QUICK.has(nodeKind(ctx.node))) return [];
    const held = [...ctx.state.held]
      .filter(
        ([key, mode]) => mode === 'AccessExclusiveLock' && ctx.existing(key) && ctx.model.get(key)?.kind !== 'index',
      )
      .map(([key]) => displayName(key));
    if (held.length === 0) return [];
    const slow = ctx.analysis.scans || ctx.analysis.rewrites ? ', and this one reads or rewrites a whole table' : '';
    return [
      {
        message:
          `${ctx.kind} runs while this transaction still holds ACCESS EXCLUSIVE on ` +
          `${held.join(', ')} from an earlier statement (held until COMMIT): ` +
          `reads and writes of ${held.length > 1 ? 'those tables' : held[0]} wait for it too${slow}. ` +
          `Put the ACCESS EXCLUSIVE statement last, or commit it on its own; ` +
          `reported for the first such statement only`,
      },
    ];
  },
};

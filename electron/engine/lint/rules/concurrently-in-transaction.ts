// CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, DETACH PARTITION CONCURRENTLY,
// VACUUM… commit internally, so PostgreSQL refuses them inside a transaction block
// (SQLSTATE 25001) — and a revision runs in one unless it is marked `transactional false`.
import { nodeKind } from '../parse.ts';
import type { Rule } from '../rule.ts';

export const concurrentlyInTransaction: Rule = {
  id: 'concurrently-in-transaction',
  dialect: 'postgres',
  severity: 'error',
  summary: 'a statement that cannot run inside a transaction block (CONCURRENTLY, VACUUM…) in a transactional revision',
  check(ctx) {
    // ALTER TYPE ... ADD VALUE before PostgreSQL 12 has its own rule with a version message.
    if (ctx.analysis.transactional || !ctx.state.transactional || nodeKind(ctx.node) === 'AlterEnumStmt') return [];
    const where = ctx.state.isRevision ? "this revision runs in one (add '-- strata:transactional false' to its header)" : "this file is linted as one transaction (add '-- strata:transactional false')";
    return [
      {
        message: `${ctx.kind}${ctx.fixes.indexOf('CONCURRENTLY') >= 0 ? ' ... CONCURRENTLY' : ''} cannot run inside a transaction block and ${where}: PostgreSQL refuses it with "cannot run inside a transaction block"`,
        fix: { description: "Mark the revision 'transactional false'", edits: [], header: { transactional: false } },
      },
    ];
  },
};

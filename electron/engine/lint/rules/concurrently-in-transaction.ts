// CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, DETACH PARTITION CONCURRENTLY,
// VACUUM… commit internally, so PostgreSQL refuses them inside a transaction block
// (SQLSTATE 25001) — and a revision runs in one unless it is marked `transactional false`.
import { nodeKind } from '../parse.ts';
import type { RevisionState, Rule } from '../rule.ts';

export const concurrentlyInTransaction: Rule = {
  id: 'concurrently-in-transaction',
  dialect: 'postgres',
  severity: 'error',
  summary:
    'a statement that cannot run inside a transaction block ' + '(CONCURRENTLY, VACUUM…) in a transactional revision',
  check(ctx) {
    // ALTER TYPE ... ADD VALUE before PostgreSQL 12 has its own rule with a version message.
    if (ctx.analysis.transactional || !ctx.state.transactional || nodeKind(ctx.node) === 'AlterEnumStmt') return [];
    const where = ctx.state.isRevision
      ? "this revision runs in one (add '-- strata:transactional false' to its header)"
      : bareFileWhere(ctx.state);
    return [
      {
        message:
          `${ctx.kind}${ctx.fixes.indexOf('CONCURRENTLY') >= 0 ? ' ... CONCURRENTLY' : ''} cannot run inside a ` +
          `transaction block and ${where}: PostgreSQL refuses it with "cannot run inside a transaction block"`,
        fix: { description: "Mark the revision 'transactional false'", edits: [], header: { transactional: false } },
      },
    ];
  },
};

/** Why a statement of a plain file is inside a transaction block, and how to take it out. */
function bareFileWhere(state: RevisionState): string {
  if (!state.runnerTransaction)
    return (
      'it comes after a BEGIN of this file (or shares one implicit transaction with the other ' +
      'statements of a multi-statement file): put it after COMMIT, or in a file of its own'
    );
  switch (state.runner) {
    case 'diesel':
      return 'diesel runs this migration in a transaction (put run_in_transaction = false in its metadata.toml)';
    case 'Flyway':
      return 'Flyway runs this script in a transaction (put executeInTransaction=false in <script>.sql.conf)';
    default:
      return (
        "this file is linted as one transaction (add '-- strata:transactional false', " +
        'or lint with --no-transactional)'
      );
  }
}

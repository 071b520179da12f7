// Before PostgreSQL 12, ALTER TYPE ... ADD VALUE could not run inside a transaction block.
// From 12 on it can, but the new value cannot be used until the transaction commits.
import { nodeAs } from '../parse.ts';
import type { Rule } from '../rule.ts';

export const enumAddValueInTransaction: Rule = {
  id: 'enum-add-value-in-transaction',
  dialect: 'postgres',
  severity: 'error',
  summary: 'ALTER TYPE ... ADD VALUE inside a transaction (refused before PostgreSQL 12)',
  kinds: ['AlterEnumStmt'],
  check(ctx) {
    const e = nodeAs(ctx.node, 'AlterEnumStmt');
    if (!e?.newVal || e.oldVal !== undefined || !ctx.state.transactional) return [];
    if (ctx.state.pgVersion < 12) {
      return [
        {
          message:
            `ALTER TYPE ... ADD VALUE '${e.newVal}' cannot run inside a transaction block before PostgreSQL 12, ` +
            `and this revision runs in one`,
          fix: { description: "Mark the revision 'transactional false'", edits: [], header: { transactional: false } },
        },
      ];
    }
    return [];
  },
};

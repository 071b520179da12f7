// An UPDATE of every row keeps every row locked until commit: concurrent updates and
// deletes of any of them wait, and the table doubles in size (dead tuples, WAL, replica lag).
import { nodeAs, relName } from '../parse.ts';
import { keyOf, nameOf } from '../rule-helpers.ts';
import type { Rule } from '../rule.ts';

export const unbatchedUpdate: Rule = {
  id: 'unbatched-update',
  dialect: 'postgres',
  severity: 'warning',
  summary: 'UPDATE without WHERE on an existing table (one huge transaction)',
  kinds: ['UpdateStmt'],
  check(ctx) {
    const u = nodeAs(ctx.node, 'UpdateStmt');
    const table = relName(u?.relation);
    if (!u || u.whereClause || !table || !ctx.existing(keyOf(table))) return [];
    const t = nameOf(table);
    return [
      {
        message:
          `UPDATE of every row of ${t} in one statement: ` +
          `each row stays locked until commit (concurrent UPDATE/DELETE of them wait), ` +
          `and every row leaves a dead copy (bloat, WAL, replica lag). ` +
          `Backfill in batches by key range, one transaction each`,
      },
    ];
  },
};

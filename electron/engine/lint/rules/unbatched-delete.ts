// A DELETE of every row locks every row until commit, fires every ON DELETE action, and
// leaves the whole table as dead tuples for vacuum.
import { nodeAs, relName } from '../parse.ts';
import { keyOf, nameOf } from '../rule-helpers.ts';
import type { Rule } from '../rule.ts';

export const unbatchedDelete: Rule = {
  id: 'unbatched-delete',
  dialect: 'postgres',
  severity: 'warning',
  summary: 'DELETE without WHERE on an existing table (one huge transaction)',
  kinds: ['DeleteStmt'],
  check(ctx) {
    const d = nodeAs(ctx.node, 'DeleteStmt');
    const table = relName(d?.relation);
    if (!d || d.whereClause || !table || !ctx.existing(keyOf(table))) return [];
    const t = nameOf(table);
    const cascades = ctx.analysis.locks.filter(
      (l) => l.relation !== t && l.kind !== 'index' && l.reason?.startsWith('foreign key'),
    );
    const extra = cascades.length > 0 ? ` Foreign keys reach ${cascades.map((l) => l.relation).join(', ')} too.` : '';
    return [
      {
        message:
          `DELETE of every row of ${t} in one statement: ` +
          `each row stays locked until commit and the table is left as dead tuples.${extra} ` +
          `Delete in batches by key range, or TRUNCATE if nothing else may see the rows`,
      },
    ];
  },
};

// TRUNCATE ... CASCADE also empties every table whose foreign keys reference the truncated
// ones, recursively, under ACCESS EXCLUSIVE each: data loss well beyond the named table.
import { nodeAs, relName } from '../parse.ts';
import { existingLocks, nameOf } from '../rule-helpers.ts';
import type { Rule } from '../rule.ts';

export const truncateCascade: Rule = {
  id: 'truncate-cascade',
  dialect: 'postgres',
  severity: 'error',
  summary: 'TRUNCATE ... CASCADE empties every referencing table too',
  kinds: ['TruncateStmt'],
  check(ctx) {
    const t = nodeAs(ctx.node, 'TruncateStmt');
    if (t?.behavior !== 'DROP_CASCADE') return [];
    const named = (t.relations ?? []).flatMap((r) => relName(nodeAs(r, 'RangeVar')) ?? []).map(nameOf);
    const others = existingLocks(ctx)
      .filter((l) => l.kind !== 'index' && !named.includes(l.relation))
      .map((l) => l.relation);
    const extra =
      others.length > 0
        ? `: ${others.join(', ')} ${others.length > 1 ? 'are' : 'is'} emptied too`
        : ' (and any table that references them, which the known schema does not list)';
    return [
      {
        message:
          `TRUNCATE ${named.join(', ')} CASCADE empties every table that references ` +
          `${named.length > 1 ? 'them' : 'it'}${extra}, each under ACCESS EXCLUSIVE. ` +
          `Name the tables explicitly, or delete in batches`,
      },
    ];
  },
};

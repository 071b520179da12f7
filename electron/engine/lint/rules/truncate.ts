// TRUNCATE empties the table at once (new empty storage) under ACCESS EXCLUSIVE: brief, but
// the data is gone, and it is not MVCC-safe — a concurrent transaction with an older
// snapshot sees the table empty.
import { nodeAs, relName } from '../parse.ts';
import { keyOf, nameOf } from '../rule-helpers.ts';
import type { Rule } from '../rule.ts';

export const truncate: Rule = {
  id: 'truncate',
  dialect: 'postgres',
  severity: 'warning',
  summary: 'TRUNCATE deletes every row under ACCESS EXCLUSIVE and is not MVCC-safe',
  kinds: ['TruncateStmt'],
  check(ctx) {
    const t = nodeAs(ctx.node, 'TruncateStmt');
    if (!t || t.behavior === 'DROP_CASCADE') return [];
    const tables = (t.relations ?? [])
      .flatMap((r) => relName(nodeAs(r, 'RangeVar')) ?? [])
      .filter((x) => ctx.existing(keyOf(x)));
    if (tables.length === 0) return [];
    return [
      {
        message:
          `TRUNCATE ${tables.map(nameOf).join(', ')} deletes every row under ACCESS EXCLUSIVE (reads ` +
          `and writes wait, briefly), and transactions with an older snapshot see the table empty. ` +
          `If only some rows must go, DELETE in batches`,
      },
    ];
  },
};

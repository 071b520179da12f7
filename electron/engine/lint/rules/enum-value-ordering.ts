// ALTER TYPE ... ADD VALUE without BEFORE/AFTER appends the value at the end of the enum's
// sort order, which is rarely what ORDER BY on that column should mean. No lock risk.
import { nameList, nodeAs } from '../parse.ts';
import type { Rule } from '../rule.ts';

export const enumValueOrdering: Rule = {
  id: 'enum-value-ordering',
  dialect: 'postgres',
  severity: 'info',
  summary: 'ALTER TYPE ... ADD VALUE without BEFORE/AFTER sorts the new value last',
  kinds: ['AlterEnumStmt'],
  check(ctx) {
    const e = nodeAs(ctx.node, 'AlterEnumStmt');
    if (!e?.newVal || e.oldVal !== undefined || e.newValNeighbor !== undefined) return [];
    return [
      {
        message:
          `'${e.newVal}' is added at the end of enum ${nameList(e.typeName).join('.')}: ` +
          `ORDER BY on columns of this type sorts it after every existing value. ` +
          `Say BEFORE or AFTER if that is not intended (takes no table lock)`,
      },
    ];
  },
};

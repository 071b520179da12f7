// ALTER TYPE ... RENAME VALUE is instant, but every stored row, query and application constant
// that spells the old label stops matching at commit.
import { nameList, nodeAs } from '../parse.ts';
import type { Rule } from '../rule.ts';

export const renamingEnumValue: Rule = {
  id: 'renaming-enum-value',
  dialect: 'postgres',
  severity: 'warning',
  summary: 'ALTER TYPE ... RENAME VALUE breaks code that still uses the old label',
  kinds: ['AlterEnumStmt'],
  check(ctx) {
    const e = nodeAs(ctx.node, 'AlterEnumStmt');
    if (e?.oldVal === undefined) return [];
    const type = nameList(e.typeName).join('.');
    return [
      {
        message:
          `renaming '${e.oldVal}' of ${type} to '${e.newVal ?? '?'}' breaks every query and application ` +
          `constant that still writes or compares '${e.oldVal}' ("invalid input value for enum"), ` +
          `from the moment it commits. Instead: add the new value, move the code and the rows to it, ` +
          `and stop using the old one`,
      },
    ];
  },
};

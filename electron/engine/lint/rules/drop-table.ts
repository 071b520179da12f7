// DROP TABLE loses data, and takes ACCESS EXCLUSIVE on more than the table: the tables its
// foreign keys reference, the parent of a partition, views dropped with CASCADE.
import { nameList, nodeAs, relFromNames } from '../parse.ts';
import { existingLocks, keyOf, lockList, nameOf } from '../rule-helpers.ts';
import type { Rule } from '../rule.ts';

export const dropTable: Rule = {
  id: 'drop-table',
  dialect: 'postgres',
  severity: 'warning',
  summary: 'DROP TABLE loses data and locks the tables around it',
  kinds: ['DropStmt'],
  check(ctx) {
    const drop = nodeAs(ctx.node, 'DropStmt');
    if (drop?.removeType !== 'OBJECT_TABLE') return [];
    const tables = (drop.objects ?? [])
      .flatMap((o) => relFromNames(nameList(nodeAs(o, 'List')?.items)) ?? [])
      .filter((t) => ctx.existing(keyOf(t)));
    if (tables.length === 0) return [];
    const names = new Set(tables.map(nameOf));
    const others = existingLocks(ctx).filter(
      (l) =>
        !names.has(l.relation) && l.kind !== 'index' && l.reason !== undefined && !l.reason.startsWith('partition of'),
    );
    const extra = others.length > 0 ? ` It also takes ${lockList(others)}: reads and writes there wait too.` : '';
    return [
      {
        message:
          `DROP TABLE ${[...names].join(', ')} deletes its data ` +
          `for good and breaks any code still using it.${extra}`,
      },
    ];
  },
};

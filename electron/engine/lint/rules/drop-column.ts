// DROP COLUMN is quick (the data stays until a rewrite), but it loses data, breaks any
// running code that still reads or writes the column, and can lock more than its table:
// the referenced table of a foreign key on that column, the indexes that contain it.
import { alterCommands, keyOf, lockList, nameOf, existingLocks } from '../rule-helpers.ts';
import type { Rule } from '../rule.ts';

export const dropColumn: Rule = {
  id: 'drop-column',
  dialect: 'postgres',
  severity: 'warning',
  summary: 'DROP COLUMN loses data and breaks code that still uses the column',
  kinds: ['AlterTableStmt'],
  check(ctx) {
    const { table, cmds } = alterCommands(ctx.node);
    if (!table || !ctx.existing(keyOf(table))) return [];
    const dropped = cmds.filter((c) => c.subtype === 'AT_DropColumn').map((c) => c.name ?? '?');
    if (dropped.length === 0) return [];
    const t = nameOf(table);
    const others = existingLocks(ctx).filter((l) => l.relation !== t && l.kind !== 'index');
    const extra = others.length > 0 ? ` It also takes ${lockList(others)}.` : '';
    return [
      {
        message:
          `dropping ${dropped.map((c) => `${t}.${c}`).join(', ')} deletes its data and breaks any running ` +
          `code that still selects or inserts it (deploy code that no longer uses it first).${extra}`,
      },
    ];
  },
};

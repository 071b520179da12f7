// DROP NOT NULL is instant, but code (and the downgrade's SET NOT NULL, which scans the table)
// may rely on the column never being NULL.
import { alterCommands, keyOf, nameOf } from '../rule-helpers.ts';
import type { Rule } from '../rule.ts';

export const dropNotNull: Rule = {
  id: 'drop-not-null',
  dialect: 'postgres',
  severity: 'warning',
  summary: 'ALTER COLUMN ... DROP NOT NULL on a column the application may rely on',
  kinds: ['AlterTableStmt'],
  check(ctx) {
    const { table, cmds } = alterCommands(ctx.node);
    if (!table || !ctx.existing(keyOf(table))) return [];
    return cmds
      .filter((c) => c.subtype === 'AT_DropNotNull')
      .map((c) => ({
        message:
          `${nameOf(table)}.${c.name ?? '?'} may be NULL from this commit on: ` +
          `code that reads it as never NULL (and unique or foreign-key logic built on that) ` +
          `breaks silently, and going back (SET NOT NULL) ` +
          `scans the whole table under ACCESS EXCLUSIVE. Make sure every reader handles NULL first`,
      }));
  },
};

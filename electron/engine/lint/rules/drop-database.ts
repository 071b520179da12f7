// DROP DATABASE deletes a whole database; it cannot be rolled back (it refuses to run in a
// transaction block), so a migration that contains it cannot be rehearsed either.
import { nodeAs } from '../parse.ts';
import type { Rule } from '../rule.ts';

export const dropDatabase: Rule = {
  id: 'drop-database',
  dialect: 'postgres',
  severity: 'error',
  summary: 'DROP DATABASE deletes a whole database, with no rollback',
  kinds: ['DropdbStmt'],
  check(ctx) {
    const drop = nodeAs(ctx.node, 'DropdbStmt');
    if (!drop) return [];
    const name = drop.dbname ?? '?';
    return [
      {
        message:
          `DROP DATABASE ${name} deletes the database and all its data for good; ` +
          `it runs outside any transaction, so neither a rollback nor a rehearsal can undo it. ` +
          `Keep it out of migrations: do it by hand, after a backup`,
      },
    ];
  },
};

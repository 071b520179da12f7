// A rename is instant (a brief ACCESS EXCLUSIVE), but at commit every running application
// instance that still uses the old name starts failing. Expand/contract instead.
import { nodeAs, relName } from '../parse.ts';
import { keyOf, nameOf } from '../rule-helpers.ts';
import type { Rule } from '../rule.ts';

export const renamingColumn: Rule = {
  id: 'renaming-column',
  dialect: 'postgres',
  severity: 'warning',
  summary: 'RENAME COLUMN breaks the running application that still uses the old name',
  kinds: ['RenameStmt'],
  check(ctx) {
    const r = nodeAs(ctx.node, 'RenameStmt');
    const table = relName(r?.relation);
    if (r?.renameType !== 'OBJECT_COLUMN' || !table || !ctx.existing(keyOf(table))) return [];
    const t = nameOf(table);
    return [
      {
        message:
          `renaming ${t}.${r.subname ?? '?'} to ${r.newname ?? '?'} breaks every ` +
          `query of the running application that still uses the old name, ` +
          `from the moment it commits (it takes a brief ACCESS EXCLUSIVE on ${t}). ` +
          `Instead: add the new column, write both, backfill, move reads, ` +
          `then drop the old one — or keep the old name visible through a view`,
      },
    ];
  },
};

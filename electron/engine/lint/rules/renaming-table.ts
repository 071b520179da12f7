// Like a column rename: instant, then every query using the old table name fails.
import { nodeAs, relName } from '../parse.ts';
import { keyOf, nameOf } from '../rule-helpers.ts';
import type { Rule } from '../rule.ts';

export const renamingTable: Rule = {
  id: 'renaming-table',
  dialect: 'postgres',
  severity: 'warning',
  summary: 'RENAME TO on a table breaks the running application that still uses the old name',
  kinds: ['RenameStmt'],
  check(ctx) {
    const r = nodeAs(ctx.node, 'RenameStmt');
    const table = relName(r?.relation);
    if (r?.renameType !== 'OBJECT_TABLE' || !table || !ctx.existing(keyOf(table))) return [];
    const t = nameOf(table);
    return [
      {
        message:
          `renaming the table ${t} to ${r.newname ?? '?'} breaks every query of the running ` +
          `application that still uses ${t}, from the moment it commits (brief ACCESS EXCLUSIVE). ` +
          `Instead: rename, then CREATE VIEW ${t} AS SELECT * FROM ${r.newname ?? 'the new name'} ` +
          `until the application has moved, or migrate in expand/contract steps`,
      },
    ];
  },
};

// The 12-step rebuild (https://sqlite.org/lang_altertable.html#otheralter): create the new
// table, copy, drop the old one, rename. Two traps: PRAGMA foreign_keys=OFF is a no-op inside
// a transaction (and Strata runs a revision in one), so with foreign keys on, DROP TABLE of
// the old table deletes (or cascades into) the rows that reference it; and the old table's
// indexes, triggers and views are gone unless re-created.
import { nodeAs, relName } from '../parse.ts';
import { keyOf, nameOf } from '../rule-helpers.ts';
import type { Rule } from '../rule.ts';
import { relationKey } from '../schema/model.ts';

export const sqliteTableRebuild: Rule = {
  id: 'sqlite-table-rebuild',
  dialect: 'sqlite',
  severity: 'info',
  summary: 'a table rebuild (create, copy, drop, rename): check foreign keys, indexes and triggers',
  kinds: ['RenameStmt'],
  check(ctx) {
    const r = nodeAs(ctx.node, 'RenameStmt');
    const from = relName(r?.relation);
    if (r?.renameType !== 'OBJECT_TABLE' || !from || !r.newname) return [];
    const to = relationKey({ schema: from.schema, name: r.newname });
    if (!ctx.state.created.has(keyOf(from)) || !ctx.state.dropped.has(to)) return [];
    const referenced = ctx.state.dropped.get(to) === true;
    const fk = ctx.state.transactional
      ? "PRAGMA foreign_keys=OFF has no effect inside the revision's transaction: " +
        "run the revision with foreign keys already off (or 'transactional false' with the PRAGMA first), " +
        'then PRAGMA foreign_key_check'
      : 'set PRAGMA foreign_keys=OFF before the rebuild and run PRAGMA foreign_key_check after it';
    return [
      {
        severity: referenced ? 'warning' : 'info',
        message:
          `table rebuild of ${r.newname} (via ${nameOf(from)}): ` +
          (referenced
            ? `other tables reference ${r.newname}, so with foreign keys on, ` +
              `DROP TABLE deletes or cascades into their rows. `
            : '') +
          `${fk}; re-create the indexes, triggers and views of the old table`,
      },
    ];
  },
};

// ALTER SCHEMA ... RENAME moves every object in the schema to a new qualified name at once:
// every query, search_path and grant naming the old one fails from the commit.
import { nodeAs } from '../parse.ts';
import type { Rule } from '../rule.ts';

export const renamingSchema: Rule = {
  id: 'renaming-schema',
  dialect: 'postgres',
  severity: 'warning',
  summary: 'ALTER SCHEMA ... RENAME breaks every query that names the old schema',
  kinds: ['RenameStmt'],
  check(ctx) {
    const r = nodeAs(ctx.node, 'RenameStmt');
    if (r?.renameType !== 'OBJECT_SCHEMA') return [];
    return [
      {
        message:
          `renaming the schema ${r.subname ?? '?'} to ${r.newname ?? '?'} renames every table, ` +
          `view and function in it at once: queries, ` +
          `search_path settings and code that name ${r.subname ?? 'it'} fail from the moment it commits. ` +
          `Instead: create the new schema, move objects one by one (ALTER ... SET SCHEMA) ` +
          `behind views or synonyms, then drop the old one`,
      },
    ];
  },
};

// DROP SCHEMA ... CASCADE drops every table, view and sequence in the schema (and the
// foreign keys and views elsewhere that depend on them), each under ACCESS EXCLUSIVE.
import { nameList, nodeAs } from '../parse.ts';
import { existingLocks } from '../rule-helpers.ts';
import type { Rule } from '../rule.ts';

export const dropSchema: Rule = {
  id: 'drop-schema',
  dialect: 'postgres',
  severity: 'error',
  summary: 'DROP SCHEMA ... CASCADE drops every table in the schema',
  kinds: ['DropStmt'],
  check(ctx) {
    const drop = nodeAs(ctx.node, 'DropStmt');
    if (drop?.removeType !== 'OBJECT_SCHEMA' || drop.behavior !== 'DROP_CASCADE') return [];
    const schemas = (drop.objects ?? []).map((o) => nameList([o]).join('.'));
    const tables = existingLocks(ctx)
      .filter((l) => l.kind !== 'index' && l.kind !== 'sequence')
      .map((l) => l.relation);
    const what =
      tables.length > 0
        ? `: ${tables.slice(0, 8).join(', ')}${tables.length > 8 ? ` and ${tables.length - 8} more` : ''}`
        : ' (the known schema lists none of its tables: check the database)';
    return [
      {
        message:
          `DROP SCHEMA ${schemas.join(', ')} CASCADE deletes every object in it and what depends on them, ` +
          `each table under ACCESS EXCLUSIVE${what}. Drop the objects one by one, knowingly, ` +
          `or leave out CASCADE so that PostgreSQL refuses a non-empty schema`,
      },
    ];
  },
};

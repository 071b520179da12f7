// json has no equality operator: SELECT DISTINCT, UNION, GROUP BY and IN over a row with a
// json column fail ("could not identify an equality operator for type json"). jsonb has one.
import { constraintsOf } from '../analyze/columns.ts';
import { nodeAs, relName } from '../parse.ts';
import { alterCommands, nameOf } from '../rule-helpers.ts';
import type { Rule } from '../rule.ts';
import { typeNameText } from '../schema/column-types.ts';
import type { ColumnDef } from 'libpg-query';

export const jsonColumn: Rule = {
  id: 'json-column',
  dialect: 'postgres',
  severity: 'warning',
  summary: 'a column of type json (no equality operator: DISTINCT / UNION fail) instead of jsonb',
  kinds: ['AlterTableStmt', 'CreateStmt'],
  check(ctx) {
    const create = nodeAs(ctx.node, 'CreateStmt');
    const table = create ? relName(create.relation) : alterCommands(ctx.node).table;
    const columns: ColumnDef[] = create
      ? (create.tableElts ?? []).flatMap((e) => nodeAs(e, 'ColumnDef') ?? [])
      : alterCommands(ctx.node).cmds.flatMap((c) =>
          c.subtype === 'AT_AddColumn' ? (nodeAs(c.def, 'ColumnDef') ?? []) : [],
        );
    return columns
      .filter(
        (c) => typeNameText(c.typeName) === 'json' && constraintsOf(c).every((k) => k.contype !== 'CONSTR_GENERATED'),
      )
      .map((c) => ({
        message:
          `${nameOf(table)}.${c.colname ?? '?'} is json, which has no equality operator: SELECT DISTINCT, UNION, ` +
          `GROUP BY or IN over rows with it fail ("could not identify an equality operator for type json"). ` +
          `Use jsonb (also indexable, and faster to query)`,
      }));
  },
};

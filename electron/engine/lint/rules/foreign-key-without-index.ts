// A foreign key makes PostgreSQL look up the referencing rows whenever a referenced row is
// deleted or its key updated (to cascade, set null or refuse): without an index whose
// leading columns are the referencing columns, every such delete scans the whole child
// table — and ON DELETE CASCADE does so under the locks of the parent's transaction. Joins
// on the key are slow too. Migrations often create the index a few statements later, so the
// rule decides at the end of the file (or revision): only a key still without one is reported.
// In a folder of plain migration files, one history, a later file may still create it: there
// the rule decides at the end of the last file.
import type { Constraint } from 'libpg-query';
import { constraintsOf } from '../analyze/columns.ts';
import { nameList, nodeAs, relName } from '../parse.ts';
import { alterCommands, keyOf } from '../rule-helpers.ts';
import type { Rule, RuleHit } from '../rule.ts';
import { displayName, type SchemaModel } from '../schema/model.ts';

/** Whether `table` has an index whose first columns are `columns`, in any order. */
export function hasIndexFor(model: SchemaModel, table: string, columns: readonly string[]): boolean {
  const rel = model.get(table);
  // Dropped or renamed by the end of the file: nothing is left to report against.
  if (!rel) return true;
  for (const key of rel.indexes) {
    const indexed = model.get(key)?.index?.columns;
    if (indexed !== undefined && leadsWith(indexed, columns)) return true;
  }
  return false;
}

/**
 * Whether the first `columns.length` columns of `indexed` are `columns`, in any order. Asked
 * of every index of a table for every open key at the end of every file of a history: no copy.
 */
function leadsWith(indexed: readonly string[], columns: readonly string[]): boolean {
  const n = columns.length;
  if (indexed.length < n) return false;
  for (const c of columns) {
    let found = false;
    for (let i = 0; i < n && !found; i++) found = indexed[i] === c;
    if (!found) return false;
  }
  return true;
}

interface NewKey {
  readonly table: string;
  readonly columns: readonly string[];
  readonly references: string;
}

export const foreignKeyWithoutIndex: Rule = {
  id: 'foreign-key-without-index',
  dialect: 'postgres',
  severity: 'warning',
  summary: 'a foreign key whose referencing columns no index leads with, by the end of the file',
  kinds: ['CreateStmt', 'AlterTableStmt'],
  check(ctx) {
    const keys: NewKey[] = [];
    const add = (table: string, c: Constraint, column: string | undefined): void => {
      const target = relName(c.pktable);
      const columns = column !== undefined ? [column] : nameList(c.fk_attrs);
      if (c.contype === 'CONSTR_FOREIGN' && target && columns.length > 0)
        keys.push({ table, columns, references: keyOf(target) });
    };
    const create = nodeAs(ctx.node, 'CreateStmt');
    if (create) {
      const table = relName(create.relation);
      // A partition inherits its parent's keys and indexes: the parent's statement is the one to judge.
      if (!table || create.partbound) return [];
      for (const e of create.tableElts ?? []) {
        const col = nodeAs(e, 'ColumnDef');
        if (col) for (const c of constraintsOf(col)) add(keyOf(table), c, col.colname);
        const c = nodeAs(e, 'Constraint');
        if (c) add(keyOf(table), c, undefined);
      }
    } else {
      const { table, cmds } = alterCommands(ctx.node);
      // Indexes are known only for a table whose definition the model has seen (replayed or live).
      if (!table || ctx.model.find(table)?.columnsKnown !== true) return [];
      for (const cmd of cmds) {
        const col = cmd.subtype === 'AT_AddColumn' ? nodeAs(cmd.def, 'ColumnDef') : undefined;
        if (col) for (const c of constraintsOf(col)) add(keyOf(table), c, col.colname);
        const c = cmd.subtype === 'AT_AddConstraint' ? nodeAs(cmd.def, 'Constraint') : undefined;
        if (c) add(keyOf(table), c, undefined);
      }
    }
    const by = ctx.state.endChecks === 'history' ? 'by the last file of the history' : 'by the end of the file';
    return keys.map((k): RuleHit => ({
      message:
        `no index on ${displayName(k.table)} (${k.columns.join(', ')}) ${by}, ` +
        `for its foreign key to ${displayName(k.references)}: every DELETE of a ${displayName(k.references)} ` +
        `row (or update of its key) scans all of ${displayName(k.table)} to find the rows that reference it, ` +
        `and joins on the key scan it too. ` +
        `Create an index on ${displayName(k.table)} (${k.columns.join(', ')}) ` +
        `(CONCURRENTLY on a table that already has rows)`,
      unlessAtEnd: (model) => hasIndexFor(model, k.table, k.columns),
    }));
  },
};

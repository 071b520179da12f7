// Which work a statement makes PostgreSQL do, read from its parse tree: the index it builds
// (on which columns), the foreign key it validates (against which table), the constraint it
// validates by name. Everything else falls back to what the analyzer said: a rewrite or a
// scan of each table it locks. Relation names are spelled as the analyzer's locks spell them.
import type { AlterTableCmd, Constraint, IndexStmt } from 'libpg-query';
import { commandsOf } from '../analyze/alter-table.ts';
import { nameList, nodeAs, nodesOf, parseStatement, relName, type RelName } from '../parse.ts';
import { nameOf } from '../rule-helpers.ts';

/** A key column by name, or null for an expression. */
export type KeyColumn = string | null;

export type StatementWork =
  | { readonly kind: 'index-build'; readonly table: string; readonly columns: readonly KeyColumn[] }
  | {
      readonly kind: 'foreign-key';
      readonly table: string;
      readonly columns: readonly string[];
      readonly referenced: string;
      /** The referenced key's columns; empty: the referenced table's primary key. */
      readonly referencedColumns: readonly string[];
    }
  /** VALIDATE CONSTRAINT: a foreign key or a CHECK, as the catalog says. */
  | { readonly kind: 'validate'; readonly table: string; readonly constraint: string }
  | { readonly kind: 'scan'; readonly table: string };

function indexColumns(stmt: IndexStmt): KeyColumn[] {
  return nodesOf(stmt.indexParams, 'IndexElem').map((e) => e.name ?? null);
}

function constraintWork(table: string, c: Constraint): StatementWork | undefined {
  if (c.skip_validation) return undefined;
  switch (c.contype) {
    case 'CONSTR_FOREIGN': {
      const referenced = relName(c.pktable);
      return referenced
        ? {
            kind: 'foreign-key',
            table,
            columns: nameList(c.fk_attrs),
            referenced: nameOf(referenced),
            referencedColumns: nameList(c.pk_attrs),
          }
        : undefined;
    }
    case 'CONSTR_PRIMARY':
    case 'CONSTR_UNIQUE':
      return c.indexname ? undefined : { kind: 'index-build', table, columns: nameList(c.keys) };
    case 'CONSTR_CHECK':
      return { kind: 'scan', table };
    default:
      return undefined;
  }
}

function commandWork(table: string, cmd: AlterTableCmd): StatementWork | undefined {
  if (cmd.subtype === 'AT_AddConstraint') {
    const c = nodeAs(cmd.def, 'Constraint');
    return c ? constraintWork(table, c) : undefined;
  }
  if (cmd.subtype === 'AT_ValidateConstraint' && cmd.name) return { kind: 'validate', table, constraint: cmd.name };
  return undefined;
}

/**
 * The priced work of one statement's text; undefined when the text says nothing the
 * analyzer's rewrite / scan flags do not (or does not parse), so that those are used.
 */
export function statementWork(sql: string): StatementWork[] | undefined {
  const parsed = parseStatement(sql);
  if (!parsed.ok || parsed.nodes.length !== 1) return undefined;
  const node = parsed.nodes[0];
  const index = nodeAs(node, 'IndexStmt');
  if (index) {
    const table = relName(index.relation);
    return table ? [{ kind: 'index-build', table: nameOf(table), columns: indexColumns(index) }] : undefined;
  }
  const alter = nodeAs(node, 'AlterTableStmt');
  if (!alter || (alter.objtype !== undefined && alter.objtype !== 'OBJECT_TABLE')) return undefined;
  const table: RelName | undefined = relName(alter.relation);
  if (!table) return undefined;
  const cmds = commandsOf(alter);
  const work = cmds.map((cmd) => commandWork(nameOf(table), cmd));
  // Only when every command is one of these: a rewrite among them is priced as a rewrite.
  return work.every((w) => w !== undefined) ? work : undefined;
}

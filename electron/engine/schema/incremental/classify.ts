// What one top-level statement of schema.sql does, as far as the incremental build of the
// target schema needs to know: the table whose group it belongs to (CREATE TABLE, CREATE
// INDEX, ALTER TABLE, COMMENT ON TABLE/COLUMN/CONSTRAINT, CREATE TRIGGER), or the kind of
// another statement that may stay in the file unchanged, or "unsafe": a statement whose
// effect on the tables cannot be told from its text (DO, SET, a partition, a rule…), whose
// mere presence sends every edit to the full build.
import type { Node } from 'libpg-query';
import { nameList, nodeAs, nodeKind, nodesOf, parseStatement } from '../../lint/parse.ts';

/** A table's group: the schema as written ('' when unqualified) and the name. */
export interface TableLabel {
  readonly schema: string;
  readonly name: string;
}

export type StatementRole =
  | { readonly kind: 'table'; readonly table: TableLabel }
  /** `creates`: the name of the type, sequence, function or schema it makes; '*' for an extension. */
  | { readonly kind: 'other'; readonly creates: string | null }
  | { readonly kind: 'unsafe'; readonly why: string };

export interface ClassifiedStatement {
  readonly sql: string;
  readonly role: StatementRole;
}

const table = (schema: string | undefined, name: string): StatementRole => ({
  kind: 'table',
  table: { schema: schema ?? '', name },
});
const unsafe = (why: string): StatementRole => ({ kind: 'unsafe', why });
const other = (creates: string | null = null): StatementRole => ({ kind: 'other', creates });

/** ALTER TABLE subcommands that change only the table they name. */
const TABLE_ALTERS = new Set([
  'AT_AddColumn',
  'AT_ColumnDefault',
  'AT_DropNotNull',
  'AT_SetNotNull',
  'AT_DropColumn',
  'AT_AddIndex',
  'AT_AddConstraint',
  'AT_ValidateConstraint',
  'AT_DropConstraint',
  'AT_AlterColumnType',
  'AT_AddIdentity',
  'AT_SetIdentity',
  'AT_DropIdentity',
  'AT_EnableRowSecurity',
  'AT_ForceRowSecurity',
]);

function lastName(names: readonly string[]): string | null {
  return names[names.length - 1] ?? null;
}

function ownsSequence(options: readonly Node[] | undefined): boolean {
  return nodesOf(options, 'DefElem').some((d) => d.defname === 'owned_by');
}

/** COMMENT ON TABLE t / COLUMN t.c / CONSTRAINT c ON t: the table's group; other comments: another kind. */
function commentRole(node: NonNullable<ReturnType<typeof nodeAs<'CommentStmt'>>>): StatementRole {
  const names = nameList(nodeAs(node.object, 'List')?.items);
  const tableNames =
    node.objtype === 'OBJECT_TABLE'
      ? names
      : node.objtype === 'OBJECT_COLUMN' || node.objtype === 'OBJECT_TABCONSTRAINT'
        ? names.slice(0, -1)
        : undefined;
  if (tableNames === undefined) return other();
  const name = tableNames[tableNames.length - 1];
  if (name === undefined || tableNames.length > 2) return unsafe('a comment on a name of more than two parts');
  return table(tableNames.length === 2 ? tableNames[0] : undefined, name);
}

function createTableRole(node: NonNullable<ReturnType<typeof nodeAs<'CreateStmt'>>>): StatementRole {
  const relation = node.relation;
  if (!relation?.relname) return unsafe('CREATE TABLE without a name');
  if (node.partbound || node.partspec || (node.inhRelations?.length ?? 0) > 0 || node.ofTypename)
    return unsafe('a partitioned, partition, inheriting or typed table');
  if (relation.relpersistence !== 'p') return unsafe('a temporary or unlogged table');
  return table(relation.schemaname, relation.relname);
}

/** The role of one parsed statement. */
export function roleOf(node: Node): StatementRole {
  const kind = nodeKind(node);
  switch (kind) {
    case 'CreateStmt':
      return createTableRole(nodeAs(node, 'CreateStmt')!);
    case 'IndexStmt': {
      const r = nodeAs(node, 'IndexStmt')?.relation;
      return r?.relname ? table(r.schemaname, r.relname) : unsafe('CREATE INDEX without a table');
    }
    case 'AlterTableStmt': {
      const s = nodeAs(node, 'AlterTableStmt')!;
      const cmds = nodesOf(s.cmds, 'AlterTableCmd');
      if (s.objtype !== 'OBJECT_TABLE' || !s.relation?.relname) return unsafe('ALTER of something else than a table');
      const odd = cmds.find((c) => !TABLE_ALTERS.has(c.subtype ?? ''));
      if (odd) return unsafe(`ALTER TABLE ${odd.subtype ?? '?'}`);
      return table(s.relation.schemaname, s.relation.relname);
    }
    case 'CreateTrigStmt': {
      const r = nodeAs(node, 'CreateTrigStmt')?.relation;
      return r?.relname ? table(r.schemaname, r.relname) : unsafe('CREATE TRIGGER without a table');
    }
    case 'CommentStmt':
      return commentRole(nodeAs(node, 'CommentStmt')!);
    case 'CreateSchemaStmt': {
      const s = nodeAs(node, 'CreateSchemaStmt')!;
      return (s.schemaElts?.length ?? 0) > 0 ? unsafe('CREATE SCHEMA with elements') : other(s.schemaname ?? null);
    }
    case 'CreateExtensionStmt':
      return other('*');
    case 'CreateEnumStmt':
      return other(lastName(nameList(nodeAs(node, 'CreateEnumStmt')?.typeName)));
    case 'AlterEnumStmt':
      return other(lastName(nameList(nodeAs(node, 'AlterEnumStmt')?.typeName)));
    case 'CreateRangeStmt':
      return other(lastName(nameList(nodeAs(node, 'CreateRangeStmt')?.typeName)));
    case 'CreateDomainStmt':
      return other(lastName(nameList(nodeAs(node, 'CreateDomainStmt')?.domainname)));
    case 'CompositeTypeStmt':
      return other(nodeAs(node, 'CompositeTypeStmt')?.typevar?.relname ?? null);
    case 'CreateFunctionStmt':
      return other(lastName(nameList(nodeAs(node, 'CreateFunctionStmt')?.funcname)));
    case 'CreateSeqStmt': {
      const s = nodeAs(node, 'CreateSeqStmt')!;
      return ownsSequence(s.options) ? unsafe('a sequence OWNED BY a column') : other(s.sequence?.relname ?? null);
    }
    case 'AlterSeqStmt': {
      const s = nodeAs(node, 'AlterSeqStmt')!;
      return ownsSequence(s.options) ? unsafe('a sequence OWNED BY a column') : other(s.sequence?.relname ?? null);
    }
    case 'CreateTableAsStmt':
      // CREATE TABLE AS makes a table no group describes; a materialized view is like a view.
      return nodeAs(node, 'CreateTableAsStmt')?.objtype === 'OBJECT_MATVIEW' ? other() : unsafe('CREATE TABLE AS');
    case 'ViewStmt':
    case 'GrantStmt':
      return other();
    default:
      return unsafe(kind);
  }
}

/** Each statement's role; a statement the parser refuses, or several in one, is unsafe (the full build names it). */
export function classifyStatement(sql: string): ClassifiedStatement {
  const parsed = parseStatement(sql);
  if (!parsed.ok) return { sql, role: unsafe('a syntax error') };
  const [node, ...more] = parsed.nodes;
  if (node === undefined) return { sql, role: other() };
  if (more.length > 0) return { sql, role: unsafe('several statements in one') };
  return { sql, role: roleOf(node) };
}

/** `schema.name`, unqualified names in `defaultSchema`: how a group is known. */
export function labelKey(label: TableLabel, defaultSchema = 'public'): string {
  return `${label.schema === '' ? defaultSchema : label.schema}.${label.name}`;
}

// PostgreSQL statements → the objects they touch, from libpg-query's parse tree (the same
// parser lint uses). A statement whose effect cannot be read from the tree — a DO block,
// dynamic SQL through EXECUTE or a procedure, text the parser refuses — is opaque.
import type { Node, RangeVar } from 'libpg-query';
import type { ObjectKind } from '../../../shared/model/merge.ts';
import { nameList, nodeAs, nodeKind, nodesOf, parseStatement } from '../lint/parse.ts';
import { member, touch, type StatementReading, type StatementTouch } from './touches.ts';

/** `name`, or `schema.name` outside public: what a person reads and what conflicts compare. */
function qualified(names: readonly string[]): string {
  const parts = names[0] === 'public' && names.length > 1 ? names.slice(1) : names;
  return parts.join('.');
}

function rel(range: RangeVar | undefined): string | undefined {
  if (!range?.relname) return undefined;
  return qualified(range.schemaname ? [range.schemaname, range.relname] : [range.relname]);
}

const DROP_KINDS: Readonly<Record<string, ObjectKind>> = {
  OBJECT_TABLE: 'table',
  OBJECT_FOREIGN_TABLE: 'table',
  OBJECT_INDEX: 'index',
  OBJECT_VIEW: 'view',
  OBJECT_MATVIEW: 'view',
  OBJECT_TYPE: 'type',
  OBJECT_DOMAIN: 'type',
  OBJECT_SEQUENCE: 'sequence',
  OBJECT_FUNCTION: 'function',
  OBJECT_PROCEDURE: 'function',
  OBJECT_TRIGGER: 'trigger',
};

/** ALTER TABLE subcommands that change a column's definition (the rest change the table). */
const COLUMN_CHANGES: ReadonlySet<string> = new Set([
  'AT_AlterColumnType',
  'AT_ColumnDefault',
  'AT_CookedColumnDefault',
  'AT_SetNotNull',
  'AT_DropNotNull',
  'AT_SetExpression',
  'AT_DropExpression',
  'AT_SetStatistics',
  'AT_SetOptions',
  'AT_ResetOptions',
  'AT_SetStorage',
  'AT_SetCompression',
  'AT_AddIdentity',
  'AT_SetIdentity',
  'AT_DropIdentity',
  'AT_AlterColumnGenericOptions',
]);

export function pgStatementTouches(sql: string): StatementReading {
  const parsed = parseStatement(sql);
  if (!parsed.ok) return { opaque: `the PostgreSQL parser refuses it: ${parsed.message}` };
  const touches: StatementTouch[] = [];
  for (const node of parsed.nodes) {
    const reading = nodeTouches(node);
    if ('opaque' in reading) return reading;
    touches.push(...reading.touches);
  }
  return { touches };
}

function nodeTouches(node: Node): StatementReading {
  const out: StatementTouch[] = [];
  switch (nodeKind(node)) {
    case 'CreateStmt': {
      const s = nodeAs(node, 'CreateStmt') ?? {};
      const table = rel(s.relation);
      if (!table) break;
      out.push(touch('table', table, 'create', 'CREATE TABLE'));
      for (const c of nodesOf(s.tableElts, 'ColumnDef')) {
        if (c.colname) out.push(touch('column', member(table, c.colname), 'create', 'CREATE TABLE', table));
        for (const k of nodesOf(c.constraints, 'Constraint'))
          if (k.conname) out.push(touch('constraint', member(table, k.conname), 'create', 'CREATE TABLE', table));
      }
      for (const k of nodesOf(s.tableElts, 'Constraint'))
        if (k.conname) out.push(touch('constraint', member(table, k.conname), 'create', 'CREATE TABLE', table));
      break;
    }
    case 'AlterTableStmt':
      alterTable(nodeAs(node, 'AlterTableStmt') ?? {}, out);
      break;
    case 'RenameStmt':
      rename(nodeAs(node, 'RenameStmt') ?? {}, out);
      break;
    case 'IndexStmt': {
      const s = nodeAs(node, 'IndexStmt') ?? {};
      const table = rel(s.relation);
      if (s.idxname && table) {
        const schema = s.relation?.schemaname;
        out.push(
          touch(
            'index',
            qualified(schema ? [schema, s.idxname] : [s.idxname]),
            'create',
            s.unique ? 'CREATE UNIQUE INDEX' : 'CREATE INDEX',
            table,
          ),
        );
      }
      break;
    }
    case 'DropStmt': {
      const s = nodeAs(node, 'DropStmt') ?? {};
      const kind = DROP_KINDS[s.removeType ?? ''];
      if (!kind) break;
      const what = `DROP ${(s.removeType ?? '').replace('OBJECT_', '').replace('MATVIEW', 'MATERIALIZED VIEW')}`;
      for (const o of s.objects ?? []) {
        const names = nameList(
          nodeAs(o, 'List')?.items ?? nodeAs(o, 'TypeName')?.names ?? nodeAs(o, 'ObjectWithArgs')?.objname,
        );
        if (names.length === 0) continue;
        if (kind === 'trigger') {
          // DROP TRIGGER t ON tab: the list is the table's name, then the trigger's.
          const table = qualified(names.slice(0, -1));
          out.push(touch('trigger', member(table, names[names.length - 1] as string), 'drop', what, table));
        } else out.push(touch(kind, qualified(names), 'drop', what));
      }
      break;
    }
    case 'CreateEnumStmt':
      out.push(
        touch('type', qualified(nameList(nodeAs(node, 'CreateEnumStmt')?.typeName)), 'create', 'CREATE TYPE … AS ENUM'),
      );
      break;
    case 'AlterEnumStmt': {
      const s = nodeAs(node, 'AlterEnumStmt') ?? {};
      const what =
        s.oldVal !== undefined ? `RENAME VALUE '${s.oldVal}' TO '${s.newVal ?? ''}'` : `ADD VALUE '${s.newVal ?? ''}'`;
      out.push(touch('type', qualified(nameList(s.typeName)), 'alter', what));
      break;
    }
    case 'CompositeTypeStmt': {
      const name = rel(nodeAs(node, 'CompositeTypeStmt')?.typevar);
      if (name) out.push(touch('type', name, 'create', 'CREATE TYPE'));
      break;
    }
    case 'CreateDomainStmt':
      out.push(
        touch('type', qualified(nameList(nodeAs(node, 'CreateDomainStmt')?.domainname)), 'create', 'CREATE DOMAIN'),
      );
      break;
    case 'AlterDomainStmt':
      out.push(touch('type', qualified(nameList(nodeAs(node, 'AlterDomainStmt')?.typeName)), 'alter', 'ALTER DOMAIN'));
      break;
    case 'ViewStmt': {
      const s = nodeAs(node, 'ViewStmt') ?? {};
      const name = rel(s.view);
      if (name)
        out.push(
          touch('view', name, s.replace ? 'alter' : 'create', s.replace ? 'CREATE OR REPLACE VIEW' : 'CREATE VIEW'),
        );
      break;
    }
    case 'CreateTableAsStmt': {
      const s = nodeAs(node, 'CreateTableAsStmt') ?? {};
      const name = rel(s.into?.rel);
      if (name)
        out.push(
          s.objtype === 'OBJECT_MATVIEW'
            ? touch('view', name, 'create', 'CREATE MATERIALIZED VIEW')
            : touch('table', name, 'create', 'CREATE TABLE AS'),
        );
      break;
    }
    case 'RefreshMatViewStmt': {
      const name = rel(nodeAs(node, 'RefreshMatViewStmt')?.relation);
      if (name) out.push(touch('view', name, 'data', 'REFRESH MATERIALIZED VIEW'));
      break;
    }
    case 'CreateSeqStmt': {
      const name = rel(nodeAs(node, 'CreateSeqStmt')?.sequence);
      if (name) out.push(touch('sequence', name, 'create', 'CREATE SEQUENCE'));
      break;
    }
    case 'AlterSeqStmt': {
      const name = rel(nodeAs(node, 'AlterSeqStmt')?.sequence);
      if (name) out.push(touch('sequence', name, 'alter', 'ALTER SEQUENCE'));
      break;
    }
    case 'CreateFunctionStmt': {
      const s = nodeAs(node, 'CreateFunctionStmt') ?? {};
      out.push(
        touch(
          'function',
          qualified(nameList(s.funcname)),
          s.replace ? 'alter' : 'create',
          s.replace ? 'CREATE OR REPLACE FUNCTION' : 'CREATE FUNCTION',
        ),
      );
      break;
    }
    case 'CreateTrigStmt': {
      const s = nodeAs(node, 'CreateTrigStmt') ?? {};
      const table = rel(s.relation);
      if (s.trigname && table)
        out.push(
          touch(
            'trigger',
            member(table, s.trigname),
            s.replace ? 'alter' : 'create',
            s.replace ? 'CREATE OR REPLACE TRIGGER' : 'CREATE TRIGGER',
            table,
          ),
        );
      break;
    }
    case 'InsertStmt':
    case 'UpdateStmt':
    case 'DeleteStmt':
    case 'MergeStmt': {
      const kind = nodeKind(node);
      const table = rel((node as unknown as Record<string, { relation?: RangeVar }>)[kind]?.relation);
      if (table) out.push(touch('table', table, 'data', kind.replace('Stmt', '').toUpperCase()));
      break;
    }
    case 'TruncateStmt':
      for (const r of nodesOf(nodeAs(node, 'TruncateStmt')?.relations, 'RangeVar')) {
        const table = rel(r);
        if (table) out.push(touch('table', table, 'data', 'TRUNCATE'));
      }
      break;
    case 'CopyStmt': {
      const s = nodeAs(node, 'CopyStmt') ?? {};
      const table = rel(s.relation);
      if (table && s.is_from) out.push(touch('table', table, 'data', 'COPY FROM'));
      break;
    }
    case 'DoStmt':
      return { opaque: 'a DO block: what it runs is decided when it runs' };
    case 'CallStmt':
      return { opaque: 'CALL of a procedure: its statements are not in the revision' };
    case 'ExecuteStmt':
      return { opaque: 'EXECUTE of a prepared statement: dynamic SQL' };
  }
  return { touches: out };
}

function alterTable(s: NonNullable<ReturnType<typeof nodeAs<'AlterTableStmt'>>>, out: StatementTouch[]): void {
  const name = rel(s.relation);
  if (!name) return;
  if (s.objtype === 'OBJECT_INDEX') {
    out.push(touch('index', name, 'alter', 'ALTER INDEX'));
    return;
  }
  if (s.objtype === 'OBJECT_VIEW' || s.objtype === 'OBJECT_MATVIEW') {
    out.push(touch('view', name, 'alter', 'ALTER VIEW'));
    return;
  }
  if (s.objtype === 'OBJECT_SEQUENCE') {
    out.push(touch('sequence', name, 'alter', 'ALTER SEQUENCE'));
    return;
  }
  if (s.objtype === 'OBJECT_TYPE') {
    out.push(touch('type', name, 'alter', 'ALTER TYPE'));
    return;
  }
  const table = name;
  for (const cmd of nodesOf(s.cmds, 'AlterTableCmd')) {
    const subtype = cmd.subtype ?? '';
    const what = subtype.replace(/^AT_/, '');
    out.push(touch('table', table, 'alter', `ALTER TABLE (${what})`));
    if (subtype === 'AT_AddColumn') {
      const def = nodeAs(cmd.def, 'ColumnDef');
      if (def?.colname) out.push(touch('column', member(table, def.colname), 'create', 'ADD COLUMN', table));
      for (const k of nodesOf(def?.constraints, 'Constraint'))
        if (k.conname)
          out.push(touch('constraint', member(table, k.conname), 'create', 'ADD COLUMN … CONSTRAINT', table));
    } else if (subtype === 'AT_DropColumn' && cmd.name) {
      out.push(touch('column', member(table, cmd.name), 'drop', 'DROP COLUMN', table));
    } else if (COLUMN_CHANGES.has(subtype) && cmd.name) {
      out.push(touch('column', member(table, cmd.name), 'alter', `ALTER COLUMN (${what})`, table));
    } else if (subtype === 'AT_AddConstraint') {
      const k = nodeAs(cmd.def, 'Constraint');
      if (k?.conname) out.push(touch('constraint', member(table, k.conname), 'create', 'ADD CONSTRAINT', table));
    } else if (
      (subtype === 'AT_DropConstraint' || subtype === 'AT_ValidateConstraint' || subtype === 'AT_AlterConstraint') &&
      (cmd.name ?? nodeAs(cmd.def, 'Constraint')?.conname)
    ) {
      const conname = (cmd.name ?? nodeAs(cmd.def, 'Constraint')?.conname) as string;
      out.push(
        touch(
          'constraint',
          member(table, conname),
          subtype === 'AT_DropConstraint' ? 'drop' : 'alter',
          what.replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase(),
          table,
        ),
      );
    }
  }
}

const RENAMED_KINDS: Readonly<Record<string, ObjectKind>> = {
  OBJECT_TABLE: 'table',
  OBJECT_INDEX: 'index',
  OBJECT_VIEW: 'view',
  OBJECT_MATVIEW: 'view',
  OBJECT_SEQUENCE: 'sequence',
};

/** A rename is the old name dropped and the new one created: to the other branch the old name is gone. */
function rename(s: NonNullable<ReturnType<typeof nodeAs<'RenameStmt'>>>, out: StatementTouch[]): void {
  const table = rel(s.relation);
  const newname = s.newname;
  if (!newname) return;
  const type = s.renameType ?? '';
  if (type === 'OBJECT_COLUMN' && table && s.subname) {
    out.push(touch('table', table, 'alter', 'RENAME COLUMN'));
    out.push(touch('column', member(table, s.subname), 'drop', `RENAME COLUMN TO ${newname}`, table));
    out.push(touch('column', member(table, newname), 'create', `RENAME COLUMN FROM ${s.subname}`, table));
  } else if (type === 'OBJECT_TABCONSTRAINT' && table && s.subname) {
    out.push(touch('constraint', member(table, s.subname), 'drop', `RENAME CONSTRAINT TO ${newname}`, table));
    out.push(touch('constraint', member(table, newname), 'create', `RENAME CONSTRAINT FROM ${s.subname}`, table));
  } else if (RENAMED_KINDS[type] && table) {
    const kind = RENAMED_KINDS[type] as ObjectKind;
    const schema = s.relation?.schemaname;
    out.push(touch(kind, table, 'drop', `RENAME TO ${newname}`));
    out.push(touch(kind, qualified(schema ? [schema, newname] : [newname]), 'create', `RENAME FROM ${table}`));
  } else if ((type === 'OBJECT_TYPE' || type === 'OBJECT_DOMAIN') && s.object) {
    const old = qualified(nameList(nodeAs(s.object, 'List')?.items ?? nodeAs(s.object, 'TypeName')?.names));
    out.push(touch('type', old, 'drop', `RENAME TO ${newname}`));
    out.push(touch('type', newname, 'create', `RENAME FROM ${old}`));
  }
}

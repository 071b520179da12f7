// ALTER TABLE and RENAME replayed onto the schema model.
import type { AlterTableStmt, RenameStmt } from 'libpg-query';
import { commandsOf } from '../analyze/alter-table.ts';
import { nodeAs, relName } from '../parse.ts';
import { columnType } from './column-types.ts';
import { boundOf } from './partitions.ts';
import { addColumnDef, addConstraintTo, ensure, inheritFrom } from './definitions.ts';
import type { RelationInfo, SchemaModel } from './model.ts';

export function applyAlterTable(model: SchemaModel, stmt: AlterTableStmt, isNew: boolean): void {
  const name = relName(stmt.relation);
  if (!name) return;
  if (stmt.objtype === 'OBJECT_INDEX' || stmt.objtype === 'OBJECT_SEQUENCE') return;
  const table = ensure(
    model,
    name,
    stmt.objtype === 'OBJECT_VIEW' ? 'view' : stmt.objtype === 'OBJECT_MATVIEW' ? 'matview' : 'table',
  );
  const recurse = stmt.relation?.inh === true;
  for (const cmd of commandsOf(stmt)) {
    const targets = recurse ? [table, ...model.partitionsOf(table.key)] : [table];
    const column = cmd.name ?? '';
    switch (cmd.subtype) {
      case 'AT_AddColumn': {
        const def = nodeAs(cmd.def, 'ColumnDef');
        if (!def?.colname || (cmd.missing_ok && table.columns.has(def.colname))) break;
        for (const t of targets) addColumnDef(model, t, def, isNew);
        break;
      }
      case 'AT_DropColumn':
        for (const t of targets) dropColumn(model, t, column);
        break;
      case 'AT_AlterColumnType': {
        const type = columnType(nodeAs(cmd.def, 'ColumnDef')?.typeName);
        for (const t of targets) {
          const col = t.columns.get(column);
          if (col) col.type = type;
          else t.columns.set(column, { name: column, type, notNull: false });
        }
        break;
      }
      case 'AT_SetNotNull':
      case 'AT_DropNotNull':
        for (const t of targets) {
          const col = t.columns.get(column);
          if (col) col.notNull = cmd.subtype === 'AT_SetNotNull';
          else t.columns.set(column, { name: column, type: undefined, notNull: cmd.subtype === 'AT_SetNotNull' });
        }
        break;
      case 'AT_AddConstraint': {
        const c = nodeAs(cmd.def, 'Constraint');
        if (!c) break;
        const added = addConstraintTo(model, table, c, [], isNew, false);
        // CHECK and FK constraints (and NOT NULL) are cloned onto every partition.
        if (added && (added.kind === 'check' || added.kind === 'foreign-key' || added.kind === 'not-null')) {
          for (const t of targets) if (t !== table) model.setConstraint(t, { ...added, columns: [...added.columns] });
        }
        break;
      }
      case 'AT_DropConstraint':
        for (const t of targets) dropConstraint(model, t, column, cmd.behavior === 'DROP_CASCADE');
        break;
      case 'AT_ValidateConstraint':
        for (const t of targets) {
          const c = t.constraints.get(column);
          if (!c) continue;
          c.validated = true;
          if (c.kind === 'not-null')
            for (const col of c.columns) {
              const info = t.columns.get(col);
              if (info) info.notNull = true;
            }
        }
        break;
      case 'AT_SetLogged':
      case 'AT_SetUnLogged':
        table.unlogged = cmd.subtype === 'AT_SetUnLogged';
        break;
      case 'AT_AttachPartition': {
        const pc = nodeAs(cmd.def, 'PartitionCmd');
        const part = pc?.name ? ensure(model, relName(pc.name) ?? { schema: undefined, name: '?' }) : undefined;
        if (!part) break;
        model.setPartitionOf(part, table.key);
        part.isDefaultPartition = pc?.bound?.is_default === true;
        const bound = boundOf(pc?.bound);
        if (bound) part.bound = bound;
        inheritFrom(model, part, table, isNew);
        break;
      }
      case 'AT_DetachPartition':
      case 'AT_DropInherit': {
        const target =
          cmd.subtype === 'AT_DetachPartition' ? relName(nodeAs(cmd.def, 'PartitionCmd')?.name) : undefined;
        const part = target ? model.find(target) : table;
        if (part) {
          model.setPartitionOf(part, undefined);
          delete part.bound;
          part.isDefaultPartition = false;
        }
        break;
      }
      case 'AT_AddInherit': {
        const parent = relName(nodeAs(cmd.def, 'RangeVar'));
        if (parent) model.setPartitionOf(table, ensure(model, parent).key);
        break;
      }
      default:
        break;
    }
  }
}

function dropColumn(model: SchemaModel, table: RelationInfo, column: string): void {
  table.columns.delete(column);
  for (const i of [...table.indexes]) if (model.get(i)?.index?.columns.includes(column)) model.remove(i);
  for (const [name, c] of table.constraints) if (c.columns.includes(column)) table.constraints.delete(name);
}

function dropConstraint(model: SchemaModel, table: RelationInfo, name: string, cascade: boolean): void {
  const c = table.constraints.get(name);
  if (!c) return;
  table.constraints.delete(name);
  if (c.index) model.remove(c.index);
  if (!cascade || (c.kind !== 'primary-key' && c.kind !== 'unique')) return;
  for (const { table: other, constraint } of model.referencingConstraints(table.key)) {
    if ((constraint.refColumns ?? []).join(',') === c.columns.join(',')) other.constraints.delete(constraint.name);
  }
}

export function applyRename(model: SchemaModel, stmt: RenameStmt): void {
  const name = relName(stmt.relation);
  const newName = stmt.newname;
  if (!name || !newName) return;
  const rel = model.find(name);
  if (!rel) return;
  switch (stmt.renameType) {
    case 'OBJECT_COLUMN': {
      const old = stmt.subname ?? '';
      for (const t of [rel, ...model.partitionsOf(rel.key)]) {
        const col = t.columns.get(old);
        if (col) {
          t.columns.delete(old);
          t.columns.set(newName, { ...col, name: newName });
        }
        // Only what names the column is rebuilt: a table of a long history has hundreds of
        // constraints and indexes, and new arrays for all of them at every rename were garbage.
        for (const c of t.constraints.values())
          if (c.columns.includes(old)) c.columns = c.columns.map((x) => (x === old ? newName : x));
        for (const i of t.indexes) {
          const idx = model.get(i);
          if (idx?.index?.columns.includes(old))
            idx.index = { ...idx.index, columns: idx.index.columns.map((x) => (x === old ? newName : x)) };
        }
      }
      return;
    }
    case 'OBJECT_TABCONSTRAINT': {
      const c = rel.constraints.get(stmt.subname ?? '');
      if (!c) return;
      rel.constraints.delete(c.name);
      model.setConstraint(rel, { ...c, name: newName });
      // The index behind a key is renamed with it; renaming it renames what names it.
      if (c.index) model.rename(c.index, newName);
      return;
    }
    case 'OBJECT_TRIGGER':
    case 'OBJECT_POLICY':
    case 'OBJECT_RULE':
      return;
    default:
      model.rename(rel.key, newName);
  }
}

// Replays a statement onto the schema model, so that later statements are analyzed against
// what the earlier ones created: the tables a revision creates are new (empty, unused), a
// CHECK validated earlier proves NOT NULL, an index created earlier is known by name.
import type { CreateStmt, IndexStmt, Node } from 'libpg-query';
import { columnsNamed, rangeVars } from '../analyze/queries.ts';
import { nameList, nodeAs, nodeKind, relFromNames, relName } from '../parse.ts';
import { applyAlterTable, applyRename } from './apply-alter.ts';
import { columnType } from './column-types.ts';
import { addColumnDef, addConstraintTo, ensure, indexColumns, inheritFrom } from './definitions.ts';
import { relationKey, type RelationInfo, type SchemaModel } from './model.ts';
import { indexName } from './naming.ts';
import { boundOf, keyOf } from './partitions.ts';

export function applyToModel(model: SchemaModel, node: Node, isNew: boolean): void {
  switch (nodeKind(node)) {
    case 'CreateStmt':
      createTable(model, nodeAs(node, 'CreateStmt') ?? {}, isNew);
      return;
    case 'IndexStmt':
      createIndex(model, nodeAs(node, 'IndexStmt') ?? {}, isNew);
      return;
    case 'AlterTableStmt':
      applyAlterTable(model, nodeAs(node, 'AlterTableStmt') ?? {}, isNew);
      return;
    case 'RenameStmt':
      applyRename(model, nodeAs(node, 'RenameStmt') ?? {});
      return;
    case 'DropStmt':
      drop(model, node);
      return;
    case 'CreateTableAsStmt': {
      const c = nodeAs(node, 'CreateTableAsStmt') ?? {};
      const name = relName(c.into?.rel);
      if (!name) return;
      const rel = model.add(name, c.objtype === 'OBJECT_MATVIEW' ? 'matview' : 'table', isNew);
      rel.columnsKnown = false;
      dependsOn(model, rel, c.query);
      return;
    }
    case 'SelectStmt': {
      const name = relName(nodeAs(node, 'SelectStmt')?.intoClause?.rel);
      if (name) model.add(name, 'table', isNew).columnsKnown = false;
      return;
    }
    case 'ViewStmt': {
      const v = nodeAs(node, 'ViewStmt') ?? {};
      const name = relName(v.view);
      if (!name) return;
      const rel = model.find(name) ?? model.add(name, 'view', isNew);
      rel.columnsKnown = false;
      dependsOn(model, rel, v.query);
      return;
    }
    case 'CreateDomainStmt': {
      const d = nodeAs(node, 'CreateDomainStmt') ?? {};
      const name = nameList(d.domainname).pop();
      if (name)
        model.domains.set(name, {
          name,
          base: columnType(d.typeName),
          hasConstraints: (d.constraints ?? []).length > 0,
        });
      return;
    }
    case 'AlterDomainStmt': {
      const d = nodeAs(node, 'AlterDomainStmt') ?? {};
      const domain = model.domains.get(nameList(d.typeName).pop() ?? '');
      if (domain && (d.subtype === 'C' || d.subtype === 'O')) domain.hasConstraints = true;
      return;
    }
    case 'CreateEnumStmt': {
      const name = nameList(nodeAs(node, 'CreateEnumStmt')?.typeName).pop();
      if (name) model.enums.add(name);
      return;
    }
    case 'CreateSeqStmt': {
      const name = relName(nodeAs(node, 'CreateSeqStmt')?.sequence);
      if (name) model.add(name, 'sequence', isNew);
      return;
    }
    case 'CreateTrigStmt': {
      const t = nodeAs(node, 'CreateTrigStmt') ?? {};
      const name = relName(t.relation);
      if (name && t.trigname) ensure(model, name).triggers.add(t.trigname);
      return;
    }
    default:
      return;
  }
}

function dependsOn(model: SchemaModel, rel: RelationInfo, query: Node | undefined): void {
  model.setDependsOn(
    rel,
    rangeVars(query).flatMap((rv) => (rv.relname ? [relationKey({ schema: rv.schemaname, name: rv.relname })] : [])),
  );
  rel.dependsOnColumns = columnsNamed(query);
}

function createTable(model: SchemaModel, stmt: CreateStmt, isNew: boolean): void {
  const name = relName(stmt.relation);
  if (!name) return;
  if (stmt.if_not_exists && model.find(name)) return;
  const rel = model.add(name, stmt.partspec ? 'partitioned-table' : 'table', isNew);
  rel.unlogged = stmt.relation?.relpersistence === 'u';
  const key = keyOf(stmt.partspec);
  if (key) rel.partitionKey = key;
  const bound = boundOf(stmt.partbound);
  if (bound) rel.bound = bound;
  for (const p of stmt.inhRelations ?? []) {
    const parentName = relName(nodeAs(p, 'RangeVar'));
    if (!parentName) continue;
    const parent = ensure(model, parentName, stmt.partbound ? 'partitioned-table' : 'table');
    model.setPartitionOf(rel, parent.key);
    rel.isDefaultPartition = stmt.partbound?.is_default === true;
    inheritFrom(model, rel, parent, isNew);
  }
  for (const element of stmt.tableElts ?? []) {
    const column = nodeAs(element, 'ColumnDef');
    if (column?.colname) {
      addColumnDef(model, rel, column, isNew);
      continue;
    }
    const c = nodeAs(element, 'Constraint');
    if (c) addConstraintTo(model, rel, c, [], isNew, true);
    const like = nodeAs(element, 'TableLikeClause');
    const source = like ? model.find(relName(like.relation)) : undefined;
    if (like) {
      if (source) for (const [n, col] of source.columns) rel.columns.set(n, { ...col });
      rel.columnsKnown = source?.columnsKnown ?? false;
    }
  }
}

function createIndex(model: SchemaModel, stmt: IndexStmt, isNew: boolean): void {
  const tableName = relName(stmt.relation);
  if (!tableName) return;
  const table = ensure(model, tableName);
  const columns = indexColumns(stmt);
  if (stmt.idxname && stmt.if_not_exists && model.has(`${table.schema}.${stmt.idxname}`)) return;
  const name =
    stmt.idxname ??
    indexName(table.name, columns, stmt.unique ? 'unique' : 'index', (n) => model.has(`${table.schema}.${n}`));
  model.addIndex({ schema: table.schema, name }, table, columns, stmt.unique === true, isNew);
  if (table.kind !== 'partitioned-table' || stmt.relation?.inh !== true) return;
  for (const p of model.partitionsOf(table.key)) {
    const pName = indexName(p.name, columns, stmt.unique ? 'unique' : 'index', (n) => model.has(`${p.schema}.${n}`));
    model.addIndex({ schema: p.schema, name: pName }, p, columns, stmt.unique === true, isNew);
  }
}

function drop(model: SchemaModel, node: Node): void {
  const d = nodeAs(node, 'DropStmt') ?? {};
  for (const obj of d.objects ?? []) {
    const names = nameList(nodeAs(obj, 'List')?.items).concat(nodeAs(obj, 'String')?.sval ?? []);
    if (d.removeType === 'OBJECT_TRIGGER') {
      const table = model.find(relFromNames(names.slice(0, -1)));
      table?.triggers.delete(names[names.length - 1] ?? '');
      continue;
    }
    if (d.removeType === 'OBJECT_SCHEMA') {
      // Without CASCADE it succeeds only when empty: either way nothing of it is left.
      const schema = names.join('.');
      for (const rel of model.inSchema(schema)) model.remove(rel.key);
      continue;
    }
    if (d.removeType === 'OBJECT_TYPE' || d.removeType === 'OBJECT_DOMAIN') {
      const n = names[names.length - 1] ?? '';
      model.enums.delete(n);
      model.domains.delete(n);
      continue;
    }
    const rel = model.find(relFromNames(names));
    if (!rel) continue;
    if (d.behavior === 'DROP_CASCADE') for (const v of model.dependentViews(rel.key)) model.remove(v.key);
    // Constraints that own a dropped index go with it.
    if (rel.index) {
      const table = model.get(rel.index.table);
      if (table) for (const [n, c] of table.constraints) if (c.index === rel.key) table.constraints.delete(n);
    }
    model.remove(rel.key);
  }
}

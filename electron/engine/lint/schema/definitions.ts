// Table definitions shared by CREATE TABLE and ALTER TABLE when they are replayed onto the
// model: columns, constraints (with the names PostgreSQL would give them), partitions.
import type { ColumnDef, Constraint, IndexStmt } from 'libpg-query';
import { columnsNamed } from '../analyze/queries.ts';
import { nameList, nodeAs, nodesOf, relName, type RelName } from '../parse.ts';
import { SERIAL_TYPES, columnType, typeNameText } from './column-types.ts';
import { relationKey, type ConstraintInfo, type RelationInfo, type SchemaModel } from './model.ts';
import { constraintName, indexName } from './naming.ts';

/** The model's entry for a relation a statement names; unknown ones are added as existing. */
export function ensure(model: SchemaModel, rel: RelName, kind: RelationInfo['kind'] = 'table'): RelationInfo {
  const found = model.find(rel);
  if (found) return found;
  const info = model.add(rel, kind, false);
  info.columnsKnown = false;
  return info;
}

/** A partition gets its parent's columns, CHECK and FK constraints, and a copy of its indexes. */
export function inheritFrom(model: SchemaModel, rel: RelationInfo, parent: RelationInfo, isNew: boolean): void {
  for (const [n, col] of parent.columns) if (!rel.columns.has(n)) rel.columns.set(n, { ...col });
  rel.columnsKnown = rel.columnsKnown && parent.columnsKnown;
  for (const c of parent.constraints.values()) {
    if ((c.kind === 'check' || c.kind === 'foreign-key') && !rel.constraints.has(c.name))
      model.setConstraint(rel, { ...c, columns: [...c.columns] });
  }
  if (parent.kind !== 'partitioned-table') return;
  for (const i of parent.indexes) {
    const info = model.get(i)?.index;
    if (!info) continue;
    const name = indexName(rel.name, info.columns, info.unique ? 'unique' : 'index', (n) =>
      model.has(`${rel.schema}.${n}`),
    );
    model.addIndex({ schema: rel.schema, name }, rel, info.columns, info.unique, isNew);
  }
}

export function addColumnDef(model: SchemaModel, rel: RelationInfo, column: ColumnDef, isNew: boolean): void {
  const name = column.colname ?? '?';
  const constraints = nodesOf(column.constraints, 'Constraint');
  const typeText = typeNameText(column.typeName) ?? '';
  rel.columns.set(name, {
    name,
    type: columnType(column.typeName),
    notNull:
      constraints.some(
        (c) => c.contype === 'CONSTR_NOTNULL' || c.contype === 'CONSTR_PRIMARY' || c.contype === 'CONSTR_IDENTITY',
      ) || SERIAL_TYPES.has(typeText),
  });
  if (SERIAL_TYPES.has(typeText)) model.add({ schema: rel.schema, name: `${rel.name}_${name}_seq` }, 'sequence', isNew);
  for (const c of constraints) addConstraintTo(model, rel, c, [name], isNew, true);
}

function refColumns(model: SchemaModel, c: Constraint, references: string): string[] {
  const explicit = nameList(c.pk_attrs);
  if (explicit.length > 0) return explicit;
  const pk = [...(model.get(references)?.constraints.values() ?? [])].find((k) => k.kind === 'primary-key');
  return pk ? [...pk.columns] : [];
}

/** Adds a table or column constraint; `columnOf` is the column for a column constraint. */
export function addConstraintTo(
  model: SchemaModel,
  rel: RelationInfo,
  c: Constraint,
  columnOf: readonly string[],
  isNew: boolean,
  creating: boolean,
): ConstraintInfo | undefined {
  const taken = (n: string): boolean => rel.constraints.has(n) || model.has(`${rel.schema}.${n}`);
  const validated = creating || !c.skip_validation;
  switch (c.contype) {
    case 'CONSTR_CHECK': {
      const cols = [...columnsNamed(c.raw_expr)].filter((x) => x !== '*');
      const nullTest = nodeAs(c.raw_expr, 'NullTest');
      const tested =
        nullTest?.nulltesttype === 'IS_NOT_NULL'
          ? nameList(nodeAs(nullTest.arg, 'ColumnRef')?.fields).pop()
          : undefined;
      const name = c.conname ?? constraintName(rel.name, cols.length === 1 ? cols : [], 'check', taken);
      const info: ConstraintInfo = {
        name,
        kind: 'check',
        validated,
        columns: cols,
        ...(tested ? { notNullOf: tested } : {}),
      };
      model.setConstraint(rel, info);
      return info;
    }
    case 'CONSTR_FOREIGN': {
      const target = relName(c.pktable);
      if (!target) return undefined;
      const references = (model.find(target) ?? (relationKey(target) === rel.key ? rel : ensure(model, target))).key;
      const cols = columnOf.length > 0 ? [...columnOf] : nameList(c.fk_attrs);
      const name = c.conname ?? constraintName(rel.name, cols, 'fkey', taken);
      const onDelete =
        c.fk_del_action === 'c'
          ? 'cascade'
          : c.fk_del_action === 'n' || c.fk_del_action === 'd'
            ? 'set-null'
            : 'restrict';
      const info: ConstraintInfo = {
        name,
        kind: 'foreign-key',
        validated,
        columns: cols,
        references,
        refColumns: refColumns(model, c, references),
        onDelete,
      };
      model.setConstraint(rel, info);
      return info;
    }
    case 'CONSTR_PRIMARY':
    case 'CONSTR_UNIQUE':
    case 'CONSTR_EXCLUSION': {
      const primary = c.contype === 'CONSTR_PRIMARY';
      const cols =
        columnOf.length > 0 ? [...columnOf] : c.contype === 'CONSTR_EXCLUSION' ? exclusionColumns(c) : nameList(c.keys);
      const existing = c.indexname ? model.find({ schema: rel.schema, name: c.indexname }) : undefined;
      const indexCols = existing?.index?.columns ?? cols;
      const idxName =
        c.conname ??
        (existing
          ? existing.name
          : indexName(rel.name, cols, primary ? 'primary' : c.contype === 'CONSTR_UNIQUE' ? 'unique' : 'exclude', (n) =>
              model.has(`${rel.schema}.${n}`),
            ));
      let index: RelationInfo;
      if (existing) {
        // USING INDEX renames the index to the constraint's name.
        if (existing.name !== idxName) model.rename(existing.key, idxName);
        index = existing;
      } else index = model.addIndex({ schema: rel.schema, name: idxName }, rel, cols, true, isNew);
      if (primary)
        for (const col of indexCols) {
          const info = rel.columns.get(col);
          if (info) info.notNull = true;
        }
      const kind = primary ? 'primary-key' : c.contype === 'CONSTR_UNIQUE' ? 'unique' : 'exclude';
      const info: ConstraintInfo = { name: idxName, kind, validated: true, columns: [...indexCols], index: index.key };
      model.setConstraint(rel, info);
      return info;
    }
    case 'CONSTR_NOTNULL': {
      const col = columnOf[0] ?? nameList(c.keys)[0];
      if (!col) return undefined;
      const name = c.conname ?? constraintName(rel.name, [col], 'not_null', taken);
      const info: ConstraintInfo = { name, kind: 'not-null', validated, columns: [col] };
      model.setConstraint(rel, info);
      const column = rel.columns.get(col);
      if (column && validated) column.notNull = true;
      return info;
    }
    default:
      return undefined;
  }
}

function exclusionColumns(c: Constraint): string[] {
  return (c.exclusions ?? []).flatMap((pair) => {
    const first = nodeAs(pair, 'List')?.items?.[0];
    const name = nodeAs(first, 'IndexElem')?.name;
    return name ? [name] : [];
  });
}

export function indexColumns(stmt: IndexStmt): string[] {
  return (stmt.indexParams ?? []).map((p) => {
    const e = nodeAs(p, 'IndexElem');
    if (e?.name) return e.name;
    // An expression column is named after its function, else "expr" (FigureColname).
    const fn = nodeAs(e?.expr, 'FuncCall');
    return fn ? (nameList(fn.funcname).pop() ?? 'expr') : 'expr';
  });
}

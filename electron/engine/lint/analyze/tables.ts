// CREATE / DROP / TRUNCATE / RENAME of tables and the relations around them. A new table
// locks nothing of its own, but it can lock others: the tables its foreign keys reference
// (SHARE ROW EXCLUSIVE), the parent it becomes a partition of (ACCESS EXCLUSIVE, plus the
// DEFAULT partition, scanned). Dropping a table also locks the tables its foreign keys
// reference, and a partition's parent.
import type { CreateStmt, DropStmt, Node, RenameStmt, TruncateStmt } from 'libpg-query';
import { nameList, nodeAs, relFromNames, relName } from '../parse.ts';
import { displayName, type RelationInfo } from '../schema/model.ts';
import type { RelationKind } from '../types.ts';
import { constraintsOf } from './columns.ts';
import type { Effects } from './effects.ts';

export function analyzeCreateTable(fx: Effects, stmt: CreateStmt): void {
  const name = relName(stmt.relation);
  const t = name ? displayName(`${name.schema ?? 'public'}.${name.name}`) : '?';
  for (const parentVar of stmt.inhRelations ?? []) {
    const p = relName(nodeAs(parentVar, 'RangeVar'));
    if (!p) continue;
    const parent = fx.model.resolve(p, 'partitioned-table');
    if (stmt.partbound) {
      fx.lock(parent, 'AccessExclusiveLock', parent.kind, `${t} becomes a partition of it`);
      const dflt = fx.model.defaultPartitionOf(parent.key);
      if (dflt && !stmt.partbound.is_default) {
        fx.lock(
          dflt,
          'AccessExclusiveLock',
          dflt.kind,
          `DEFAULT partition of ${displayName(parent.key)}: checked that none of its rows belong to ${t}`,
        );
        fx.scan(
          dflt,
          'default-partition',
          `the DEFAULT partition ${displayName(dflt.key)} is scanned under ACCESS EXCLUSIVE`,
        );
      }
    } else {
      fx.lock(parent, 'ShareUpdateExclusiveLock', parent.kind, `${t} inherits from it`);
    }
  }
  for (const element of stmt.tableElts ?? []) {
    const like = nodeAs(element, 'TableLikeClause');
    const likeName = relName(like?.relation);
    if (likeName)
      fx.lock(fx.model.resolve(likeName, 'table'), 'AccessShareLock', 'table', `${t} copies its definition (LIKE)`);
    const column = nodeAs(element, 'ColumnDef');
    const constraints = column ? constraintsOf(column) : [nodeAs(element, 'Constraint')].filter((c) => c !== undefined);
    for (const c of constraints) {
      if (c.contype !== 'CONSTR_FOREIGN') continue;
      const ref = relName(c.pktable);
      if (!ref || (ref.name === name?.name && (ref.schema ?? 'public') === (name?.schema ?? 'public'))) continue;
      fx.lock(
        fx.model.resolve(ref, 'table'),
        'ShareRowExclusiveLock',
        'table',
        `referenced by a foreign key of the new table ${t}`,
      );
    }
  }
}

function dropKind(removeType: DropStmt['removeType']): RelationKind | undefined {
  switch (removeType) {
    case 'OBJECT_TABLE':
    case 'OBJECT_FOREIGN_TABLE':
      return 'table';
    case 'OBJECT_INDEX':
      return 'index';
    case 'OBJECT_VIEW':
      return 'view';
    case 'OBJECT_MATVIEW':
      return 'matview';
    case 'OBJECT_SEQUENCE':
      return 'sequence';
    default:
      return undefined;
  }
}

function objectNames(node: Node): string[] {
  const list = nodeAs(node, 'List');
  if (list) return nameList(list.items);
  const s = nodeAs(node, 'String')?.sval;
  return s ? [s] : [];
}

export function analyzeDrop(fx: Effects, stmt: DropStmt): void {
  const cascade = stmt.behavior === 'DROP_CASCADE';
  if (
    stmt.removeType === 'OBJECT_TRIGGER' ||
    stmt.removeType === 'OBJECT_POLICY' ||
    stmt.removeType === 'OBJECT_RULE'
  ) {
    for (const obj of stmt.objects ?? []) {
      const names = objectNames(obj);
      const table = relFromNames(names.slice(0, -1));
      if (table) fx.lock(fx.model.resolve(table, 'table'), 'AccessExclusiveLock', 'table');
    }
    return;
  }
  if ((stmt.removeType === 'OBJECT_TYPE' || stmt.removeType === 'OBJECT_DOMAIN') && cascade) {
    fx.assume('DROP TYPE/DOMAIN ... CASCADE drops the columns that use it: those tables are locked ACCESS EXCLUSIVE');
    return;
  }
  if (stmt.removeType === 'OBJECT_SCHEMA') {
    if (cascade) for (const obj of stmt.objects ?? []) dropSchema(fx, objectNames(obj).join('.'));
    return;
  }
  const kind = dropKind(stmt.removeType);
  if (!kind) return;
  for (const obj of stmt.objects ?? []) {
    const name = relFromNames(objectNames(obj));
    if (!name) continue;
    const rel = fx.model.resolve(name, kind);
    if (kind === 'index') dropIndex(fx, rel, stmt.concurrent === true);
    else dropRelation(fx, rel, cascade, new Set());
  }
}

/** DROP SCHEMA ... CASCADE drops every relation in it as DROP ... CASCADE would, each under ACCESS EXCLUSIVE. */
function dropSchema(fx: Effects, schema: string): void {
  const seen = new Set<string>();
  let known = 0;
  for (const rel of fx.model.inSchema(schema)) {
    if (rel.kind === 'index' || seen.has(rel.key)) continue;
    known++;
    dropRelation(fx, rel, true, seen, `in the schema ${schema}, dropped with it`);
  }
  if (known === 0)
    fx.assume(`no relation of the schema ${schema} is known: each one it holds is dropped under ACCESS EXCLUSIVE`);
}

function dropIndex(fx: Effects, index: RelationInfo, concurrent: boolean): void {
  const mode = concurrent ? 'ShareUpdateExclusiveLock' : 'AccessExclusiveLock';
  if (concurrent) fx.transactional = false;
  fx.lock(index, mode, 'index');
  const table = index.index?.table;
  // Dropping an index locks its table too: plans that might use the index must be invalidated.
  if (table) fx.lockKey(table, mode, 'table', `table of the dropped index ${displayName(index.key)}`);
  else
    fx.assume(
      `table of index ${displayName(index.key)} unknown: ` +
        `it is locked ${concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE'} too`,
    );
}

function dropRelation(fx: Effects, rel: RelationInfo, cascade: boolean, seen: Set<string>, reason?: string): void {
  if (seen.has(rel.key)) return;
  seen.add(rel.key);
  const r = displayName(rel.key);
  fx.lockWithIndexes(rel, 'AccessExclusiveLock', reason, `index of ${r}, dropped with it`);
  if (rel.partitionOf && !seen.has(rel.partitionOf))
    fx.lockKey(rel.partitionOf, 'AccessExclusiveLock', 'partitioned-table', `parent of the dropped partition ${r}`);
  for (const p of fx.model.partitionsOf(rel.key)) {
    seen.add(p.key);
    fx.lockWithIndexes(p, 'AccessExclusiveLock', `partition of ${r}, dropped with it`);
  }
  for (const c of rel.constraints.values()) {
    if (c.kind === 'foreign-key' && c.references && c.references !== rel.key && !seen.has(c.references)) {
      fx.lockKey(
        c.references,
        'AccessExclusiveLock',
        'table',
        `referenced by ${r}'s foreign key ${c.name}, dropped with it`,
      );
    }
  }
  if (!cascade) return;
  for (const { table, constraint } of fx.model.referencingConstraints(rel.key)) {
    if (!seen.has(table.key))
      fx.lock(
        table,
        'AccessExclusiveLock',
        table.kind,
        `its foreign key ${constraint.name} references ${r} and is dropped (CASCADE)`,
      );
  }
  for (const view of fx.model.dependentViews(rel.key)) {
    if (!seen.has(view.key)) dropRelation(fx, view, true, seen);
  }
}

export function analyzeTruncate(fx: Effects, stmt: TruncateStmt): void {
  const cascade = stmt.behavior === 'DROP_CASCADE';
  const queue: RelationInfo[] = [];
  for (const n of stmt.relations ?? []) {
    const rv = nodeAs(n, 'RangeVar');
    const name = relName(rv);
    if (!name) continue;
    const rel = fx.model.resolve(name, 'table');
    queue.push(rel);
    if (rv?.inh === true || rel.kind === 'partitioned-table') queue.push(...fx.model.partitionsOf(rel.key));
  }
  const seen = new Set<string>();
  while (queue.length > 0) {
    const rel = queue.shift() as RelationInfo;
    if (seen.has(rel.key)) continue;
    seen.add(rel.key);
    // TRUNCATE swaps in new, empty storage for the table and its indexes: no rows are copied.
    fx.lockWithIndexes(rel, 'AccessExclusiveLock');
    if (!cascade) continue;
    for (const { table, constraint } of fx.model.referencingConstraints(rel.key)) {
      if (seen.has(table.key)) continue;
      queue.push(table);
      fx.lock(
        table,
        'AccessExclusiveLock',
        table.kind,
        `references ${displayName(rel.key)} (${constraint.name}): emptied too (CASCADE)`,
      );
    }
  }
}

export function analyzeRename(fx: Effects, stmt: RenameStmt): void {
  const name = relName(stmt.relation);
  if (!name) return;
  switch (stmt.renameType) {
    case 'OBJECT_INDEX':
      // PostgreSQL 12 lowered ALTER INDEX ... RENAME to SHARE UPDATE EXCLUSIVE on the index only.
      fx.lock(
        fx.model.resolve(name, 'index'),
        fx.ctx.pgVersion >= 12 ? 'ShareUpdateExclusiveLock' : 'AccessExclusiveLock',
        'index',
      );
      return;
    case 'OBJECT_COLUMN': {
      const rel = fx.model.resolve(
        name,
        stmt.relationType === 'OBJECT_VIEW' ? 'view' : stmt.relationType === 'OBJECT_MATVIEW' ? 'matview' : 'table',
      );
      fx.lock(rel, 'AccessExclusiveLock', rel.kind);
      if (stmt.relation?.inh === true)
        for (const p of fx.model.partitionsOf(rel.key))
          fx.lock(p, 'AccessExclusiveLock', p.kind, `partition of ${displayName(rel.key)}`);
      return;
    }
    case 'OBJECT_TABCONSTRAINT': {
      const rel = fx.model.resolve(name, 'table');
      fx.lock(rel, 'AccessExclusiveLock', rel.kind);
      const index = rel.constraints.get(stmt.subname ?? '')?.index;
      if (index)
        fx.lockKey(index, 'ShareUpdateExclusiveLock', 'index', `renamed with the constraint ${stmt.subname ?? ''}`);
      return;
    }
    case 'OBJECT_TRIGGER':
    case 'OBJECT_POLICY':
    case 'OBJECT_RULE':
      fx.lock(fx.model.resolve(name, 'table'), 'AccessExclusiveLock', 'table');
      return;
    default: {
      const kind: RelationKind =
        stmt.renameType === 'OBJECT_VIEW'
          ? 'view'
          : stmt.renameType === 'OBJECT_MATVIEW'
            ? 'matview'
            : stmt.renameType === 'OBJECT_SEQUENCE'
              ? 'sequence'
              : 'table';
      const rel = fx.model.resolve(name, kind);
      fx.lock(rel, 'AccessExclusiveLock', rel.kind);
    }
  }
}

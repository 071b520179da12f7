// Queries and data changes: SELECT, INSERT, UPDATE, DELETE, MERGE, and the queries inside
// CREATE VIEW / CREATE TABLE AS. Reading takes ACCESS SHARE (views are expanded into the
// tables they read); writing takes ROW EXCLUSIVE; a foreign key adds ROW SHARE on the other
// side (its check query runs SELECT ... FOR KEY SHARE) or ROW EXCLUSIVE for ON DELETE CASCADE.
import type { DeleteStmt, InsertStmt, MergeStmt, Node, RangeVar, SelectStmt, UpdateStmt } from 'libpg-query';
import { nodeAs, relName, walk } from '../parse.ts';
import { displayName, relationKey, type RelationInfo } from '../schema/model.ts';
import { literal, route } from '../schema/partitions.ts';
import type { Effects } from './effects.ts';

/** Every table a query names, minus the names of its own CTEs. */
export function rangeVars(root: unknown): RangeVar[] {
  const ctes = new Set<string>();
  const found: RangeVar[] = [];
  walk(root, (key, value) => {
    if (key === 'CommonTableExpr' && typeof value.ctename === 'string') ctes.add(value.ctename);
    if (key === 'RangeVar') found.push(value as RangeVar);
  });
  return found.filter((r) => r.schemaname !== undefined || !ctes.has(r.relname ?? ''));
}

/** Column names a view's query mentions ('*' for SELECT *), for DROP COLUMN ... CASCADE. */
export function columnsNamed(root: unknown): Set<string> {
  const out = new Set<string>();
  walk(root, (key, value) => {
    if (key !== 'ColumnRef') return;
    const fields = (value.fields as Node[] | undefined) ?? [];
    const last = fields[fields.length - 1];
    if (last && 'A_Star' in last) out.add('*');
    const name = nodeAs(last, 'String')?.sval;
    if (name) out.add(name);
  });
  return out;
}

/** ACCESS SHARE on what a query reads; a view also locks the relations it reads. */
export function lockReads(
  fx: Effects,
  root: unknown,
  skip: ReadonlySet<string> = new Set(),
  mode: 'AccessShareLock' | 'RowShareLock' = 'AccessShareLock',
): void {
  for (const rv of rangeVars(root)) {
    const name = relName(rv);
    if (!name || skip.has(relationKey(name))) continue;
    const rel = fx.model.resolve(name, 'table');
    fx.lock(rel, mode, rel.kind);
    expandView(fx, rel, new Set([rel.key]));
  }
}

function expandView(fx: Effects, rel: RelationInfo, seen: Set<string>): void {
  if (rel.kind !== 'view') return;
  for (const key of rel.dependsOn) {
    if (seen.has(key)) continue;
    seen.add(key);
    fx.lockKey(key, 'AccessShareLock', 'table', `read through the view ${displayName(rel.key)}`);
    const inner = fx.model.get(key);
    if (inner) expandView(fx, inner, seen);
  }
}

function target(fx: Effects, rv: RangeVar | undefined, routed?: readonly RelationInfo[]): RelationInfo | undefined {
  const name = relName(rv);
  if (!name) return undefined;
  const rel = fx.model.resolve(name, 'table');
  fx.lock(rel, 'RowExclusiveLock', rel.kind);
  // Rows come from (UPDATE/DELETE: every partition the plan opens) or go to (INSERT: only
  // the partitions rows are routed to) the partitions, with the same lock.
  if (rv?.inh === true)
    for (const p of routed ?? fx.model.partitionsOf(rel.key))
      fx.lock(p, 'RowExclusiveLock', p.kind, `partition of ${displayName(rel.key)}`);
  return rel;
}

/** The partitions an INSERT ... VALUES with constant keys sends its rows to. */
function routedPartitions(fx: Effects, stmt: InsertStmt): RelationInfo[] | undefined {
  const name = relName(stmt.relation);
  const rel = name ? fx.model.find(name) : undefined;
  if (!rel || rel.kind !== 'partitioned-table') return undefined;
  const rows = nodeAs(stmt.selectStmt, 'SelectStmt')?.valuesLists;
  const cols = (stmt.cols ?? []).map((c) => nodeAs(c, 'ResTarget')?.name ?? '');
  const names = cols.length > 0 ? cols : [...rel.columns.keys()];
  const out = new Set<RelationInfo>();
  for (const row of rows ?? []) {
    const values = new Map(nodeAs(row, 'List')?.items?.map((v, i) => [names[i] ?? '', literal(v)] as const) ?? []);
    const to = route(fx.model, rel, values);
    if (!to) {
      fx.assume(
        `rows inserted into ${displayName(rel.key)} go to partitions not known before they run: every partition listed`,
      );
      return undefined;
    }
    for (const p of to) out.add(p);
  }
  if (!rows)
    fx.assume(
      `rows inserted into ${displayName(rel.key)} by a query go to partitions not known before it runs: ` +
        `every partition listed`,
    );
  return rows ? [...out] : undefined;
}

/** FK checks on insert/update of referencing columns: ROW SHARE on the referenced tables. */
function checkReferences(fx: Effects, rel: RelationInfo, columns: ReadonlySet<string> | 'all'): void {
  for (const c of rel.constraints.values()) {
    if (c.kind !== 'foreign-key' || !c.references) continue;
    if (columns !== 'all' && !c.columns.some((col) => columns.has(col))) continue;
    fx.lockKey(
      c.references,
      'RowShareLock',
      'table',
      `foreign key ${c.name} checks the referenced rows (FOR KEY SHARE)`,
    );
  }
}

/** Deleting referenced rows: the FK action runs on every referencing table. */
function referencingActions(fx: Effects, rel: RelationInfo): void {
  for (const { table, constraint } of fx.model.referencingConstraints(rel.key)) {
    if (table.key === rel.key) continue;
    const mode = constraint.onDelete === 'restrict' ? 'RowShareLock' : 'RowExclusiveLock';
    fx.lock(
      table,
      mode,
      table.kind,
      `foreign key ${constraint.name} ` +
        (constraint.onDelete === 'restrict'
          ? 'checks for referencing rows'
          : `ON DELETE ${constraint.onDelete === 'cascade' ? 'CASCADE' : 'SET NULL'}`),
    );
  }
}

export function analyzeInsert(fx: Effects, stmt: InsertStmt): void {
  const rel = target(fx, stmt.relation, routedPartitions(fx, stmt));
  if (!rel) return;
  lockReads(fx, stmt.selectStmt);
  lockReads(fx, stmt.withClause);
  const cols = (stmt.cols ?? []).flatMap((c) => {
    const name = nodeAs(c, 'ResTarget')?.name;
    return name ? [name] : [];
  });
  checkReferences(fx, rel, cols.length > 0 ? new Set(cols) : 'all');
  const select = nodeAs(stmt.selectStmt, 'SelectStmt');
  if (select && (select.fromClause ?? []).length > 0 && !select.whereClause)
    for (const rv of rangeVars(select.fromClause)) scanRange(fx, rv);
}

export function analyzeUpdate(fx: Effects, stmt: UpdateStmt): void {
  const rel = target(fx, stmt.relation);
  if (!rel) return;
  lockReads(fx, [stmt.fromClause, stmt.whereClause, stmt.targetList, stmt.withClause, stmt.returningClause]);
  const cols = new Set((stmt.targetList ?? []).flatMap((t) => nodeAs(t, 'ResTarget')?.name ?? []));
  checkReferences(fx, rel, cols);
  if (!stmt.whereClause)
    fx.scan(rel, 'dml', `every row of ${displayName(rel.key)} is updated and stays locked until commit`);
}

export function analyzeDelete(fx: Effects, stmt: DeleteStmt): void {
  const rel = target(fx, stmt.relation);
  if (!rel) return;
  lockReads(fx, [stmt.usingClause, stmt.whereClause, stmt.withClause, stmt.returningClause]);
  referencingActions(fx, rel);
  if (!stmt.whereClause)
    fx.scan(rel, 'dml', `every row of ${displayName(rel.key)} is deleted and stays locked until commit`);
}

export function analyzeMerge(fx: Effects, stmt: MergeStmt): void {
  const rel = target(fx, stmt.relation);
  if (!rel) return;
  lockReads(fx, [stmt.sourceRelation, stmt.joinCondition, stmt.mergeWhenClauses, stmt.withClause]);
}

export function analyzeSelect(fx: Effects, stmt: SelectStmt): void {
  const locking = (stmt.lockingClause ?? []).length > 0;
  // SELECT ... INTO names the new table in intoClause: that one is created, not read.
  lockReads(fx, { ...stmt, intoClause: undefined }, new Set(), locking ? 'RowShareLock' : 'AccessShareLock');
  if (!stmt.whereClause) for (const rv of rangeVars(stmt.fromClause)) scanRange(fx, rv);
}

function scanRange(fx: Effects, rv: RangeVar): void {
  const name = relName(rv);
  if (name) fx.scan(relationKey(name), 'query', `${displayName(relationKey(name))} is read in full`);
}

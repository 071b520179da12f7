// ALTER TABLE column commands: ADD COLUMN, ALTER COLUMN TYPE, SET NOT NULL, DROP COLUMN.
// The table itself is locked by the caller at the command's level; this file adds what
// depends on the column: rewrites (volatile defaults, identity, type changes), validation
// scans, and the second relations (indexes on the column, FK partners, dependent views).
import type { ColumnDef, Constraint, Node } from 'libpg-query';
import { nodeAs, nodesOf, relName } from '../parse.ts';
import { SERIAL_TYPES, columnType, formatType, typeChangeRewrites, typeNameText } from '../schema/column-types.ts';
import { displayName, type RelationInfo } from '../schema/model.ts';
import { volatilityOf } from '../schema/volatility.ts';
import type { Effects } from './effects.ts';

export function constraintsOf(def: ColumnDef): Constraint[] {
  return nodesOf(def.constraints, 'Constraint');
}

/** Where rows live: the leaf partitions of a partitioned table, else the table itself. */
export function storageOf(fx: Effects, table: RelationInfo, recurse: boolean): RelationInfo[] {
  if (table.kind === 'partitioned-table')
    return fx.model.partitionsOf(table.key).filter((p) => p.kind !== 'partitioned-table');
  return recurse ? [table, ...fx.model.partitionsOf(table.key)] : [table];
}

function isNullConst(expr: Node | undefined): boolean {
  const c = nodeAs(expr, 'A_Const');
  return c?.isnull === true;
}

export function addColumn(
  fx: Effects,
  table: RelationInfo,
  def: ColumnDef,
  ifNotExists: boolean,
  recurse: boolean,
): void {
  const name = def.colname ?? '?';
  const t = displayName(table.key);
  if (ifNotExists && table.columns.has(name)) return; // a no-op, though still under ACCESS EXCLUSIVE
  const constraints = constraintsOf(def);
  const typeText = typeNameText(def.typeName) ?? '';
  const dflt = constraints.find((c) => c.contype === 'CONSTR_DEFAULT')?.raw_expr;
  const identity = constraints.find((c) => c.contype === 'CONSTR_IDENTITY');
  const generated = constraints.find((c) => c.contype === 'CONSTR_GENERATED');
  const notNull = constraints.some((c) => c.contype === 'CONSTR_NOTNULL' || c.contype === 'CONSTR_PRIMARY');
  const leaves = storageOf(fx, table, recurse);
  let rewriteCause: Parameters<Effects['rewrite']>[1] | undefined;
  let detail = '';
  if (SERIAL_TYPES.has(typeText)) {
    rewriteCause = 'serial';
    detail = `${typeText} column ${t}.${name} fills every existing row from its sequence (nextval() is volatile)`;
  } else if (identity) {
    rewriteCause = 'identity';
    detail = `identity column ${t}.${name} fills every existing row from its sequence`;
  } else if (generated) {
    // PostgreSQL 18 made VIRTUAL the default kind; before 18 only STORED exists.
    if (generated.generated_kind === 's' || fx.ctx.pgVersion < 18) {
      rewriteCause = 'stored-generated';
      detail = `stored generated column ${t}.${name} is computed for every existing row`;
    }
  } else if (fx.model.domains.get(typeText)?.hasConstraints) {
    // Each existing row's value (NULL or the default) must pass the domain's checks.
    rewriteCause = 'domain-constraint';
    detail =
      `column ${t}.${name} of domain ${typeText}, which has constraints, ` +
      `is checked and written for every existing row`;
  } else if (dflt !== undefined && !isNullConst(dflt)) {
    const v = volatilityOf(dflt, fx.ctx.volatility);
    if (v.unknown.length > 0) fx.assume(`volatility of ${v.unknown.join(', ')} unknown: assumed volatile`);
    if (v.volatility === 'volatile') {
      rewriteCause = 'volatile-default';
      detail = `the default of ${t}.${name} calls ${v.volatileCalls.join(', ')}, evaluated once per existing row`;
    } else if (fx.ctx.pgVersion < 11) {
      rewriteCause = 'pre-11-default';
      detail = `before PostgreSQL 11 any non-null default on ADD COLUMN rewrites ${t}`;
    }
  }
  for (const leaf of leaves) {
    if (rewriteCause) fx.rewrite(leaf, rewriteCause, detail);
    else if (notNull && dflt === undefined)
      fx.scan(leaf, 'required-column', `NOT NULL column ${t}.${name} without a default is checked against every row`);
  }
  for (const c of constraints) {
    if (c.contype === 'CONSTR_CHECK')
      for (const leaf of leaves)
        fx.scan(leaf, 'check', `CHECK on new column ${t}.${name} is verified against every row under ACCESS EXCLUSIVE`);
    if (c.contype === 'CONSTR_UNIQUE' || c.contype === 'CONSTR_PRIMARY')
      for (const leaf of leaves)
        fx.scan(
          leaf,
          'index-build',
          `the ${c.contype === 'CONSTR_UNIQUE' ? 'UNIQUE' : 'PRIMARY KEY'} ` +
            `index on ${t}.${name} is built under ACCESS EXCLUSIVE`,
        );
    if (c.contype === 'CONSTR_FOREIGN') {
      const parent = relName(c.pktable);
      if (parent) {
        fx.lock(
          fx.model.resolve(parent, 'table'),
          'ShareRowExclusiveLock',
          'table',
          `referenced by the new foreign key ${t}.${name}`,
        );
        if (dflt !== undefined && !isNullConst(dflt)) {
          for (const leaf of leaves)
            fx.scan(
              leaf,
              'foreign-key',
              `the default of ${t}.${name} must be checked against ` +
                `${displayName(fx.model.resolve(parent, 'table').key)}`,
            );
        }
      }
    }
  }
  nextvalSequences(fx, dflt, rewriteCause !== undefined);
}

/** A default evaluated per row (rewrite) calls nextval(): ROW EXCLUSIVE on that sequence. */
function nextvalSequences(fx: Effects, expr: Node | undefined, evaluated: boolean): void {
  if (!evaluated || !expr) return;
  const call = nodeAs(nodeAs(expr, 'TypeCast')?.arg ?? expr, 'FuncCall');
  const fname = call?.funcname?.map((n) => nodeAs(n, 'String')?.sval).pop();
  const arg =
    nodeAs(call?.args?.[0], 'A_Const')?.sval?.sval ??
    nodeAs(nodeAs(call?.args?.[0], 'TypeCast')?.arg, 'A_Const')?.sval?.sval;
  if (fname === 'nextval' && arg) {
    const parts = arg.split('.');
    const name = parts.pop() as string;
    fx.lock({ schema: parts.pop(), name }, 'RowExclusiveLock', 'sequence', 'nextval() for every existing row');
  }
}

function isColumn(expr: Node | undefined, column: string): boolean {
  const ref = nodeAs(expr, 'ColumnRef');
  const fields = ref?.fields?.map((f) => nodeAs(f, 'String')?.sval);
  return fields !== undefined && fields[fields.length - 1] === column;
}

export function alterColumnType(
  fx: Effects,
  table: RelationInfo,
  column: string,
  def: ColumnDef,
  recurse: boolean,
): void {
  const t = displayName(table.key);
  const to = columnType(def.typeName);
  const from = table.columns.get(column)?.type;
  const using = def.raw_default;
  const trivialUsing =
    using === undefined || isColumn(using, column) || isColumn(nodeAs(using, 'TypeCast')?.arg, column);
  let rewrites: boolean;
  let why: string;
  if (!trivialUsing) {
    rewrites = true;
    why = `the USING expression is evaluated for every row of ${t}`;
  } else if (!from || !to) {
    rewrites = true;
    why =
      `the current type of ${t}.${column} is unknown (lint the migrations that created it too, ` +
      `as one folder, or use --url)`;
    fx.assume(
      `current type of ${t}.${column} unknown: ` +
        `assumed the type change rewrites ${t} (it does not for a widening or binary-compatible change)`,
    );
  } else {
    const answer = typeChangeRewrites(from, to, { utcSession: fx.ctx.utcSession, pgVersion: fx.ctx.pgVersion });
    rewrites = answer.rewrites;
    why = `${t}.${column} ${formatType(from)} → ${formatType(to)}: ${answer.why}`;
    if (
      from.name.startsWith('timestamp') &&
      to.name.startsWith('timestamp') &&
      fx.ctx.utcSession === undefined &&
      from.name !== to.name
    ) {
      fx.assume('session TimeZone unknown: assumed not UTC (--timezone or --url decides it)');
    }
  }
  const tables = recurse ? [table, ...fx.model.partitionsOf(table.key)] : [table];
  for (const tb of tables) {
    fx.lock(tb, 'AccessExclusiveLock', tb.kind);
    if (rewrites && tb.kind !== 'partitioned-table') fx.rewrite(tb, 'type-change', why);
    // Without a rewrite, indexes on the column are still checked (and kept) under ACCESS EXCLUSIVE.
    for (const i of tb.indexes)
      if (fx.model.get(i)?.index?.columns.includes(column))
        fx.lockKey(i, 'AccessExclusiveLock', 'index', `index on ${displayName(tb.key)}.${column}`);
  }
  // A foreign key on this column is dropped and re-created: ACCESS EXCLUSIVE on the table it
  // references (as DROP CONSTRAINT takes), and its rows are checked again.
  for (const c of table.constraints.values()) {
    if (c.kind !== 'foreign-key' || !c.references || !c.columns.includes(column)) continue;
    fx.lockKey(
      c.references,
      'AccessExclusiveLock',
      'table',
      `referenced by ${c.name}, which is re-created for the new type`,
    );
    fx.scan(table, 'fk-recheck', `${c.name} is re-checked against ${displayName(c.references)}`);
  }
  // Foreign keys that reference this column are re-checked: the referencing table is locked
  // and scanned too, a cost that no other linter names.
  for (const { table: other, constraint } of fx.model.referencingConstraints(table.key)) {
    if (other.key === table.key || !(constraint.refColumns ?? []).includes(column)) continue;
    fx.lock(
      other,
      'AccessExclusiveLock',
      other.kind,
      `its foreign key ${constraint.name} references ${t}.${column} and is re-checked`,
    );
    fx.scan(other, 'fk-recheck', `${displayName(other.key)} is scanned to re-check ${constraint.name}`);
  }
}

export function setNotNull(fx: Effects, table: RelationInfo, column: string, recurse: boolean): void {
  const t = displayName(table.key);
  const tables = recurse ? [table, ...fx.model.partitionsOf(table.key)] : [table];
  for (const tb of tables) {
    fx.lock(tb, 'AccessExclusiveLock', tb.kind);
    if (tb.kind === 'partitioned-table') continue;
    const col = tb.columns.get(column) ?? table.columns.get(column);
    if (col?.notNull) continue; // already NOT NULL: nothing to verify
    // PostgreSQL 12+ skips the scan when a validated CHECK (col IS NOT NULL) proves it.
    const proof = [...tb.constraints.values()].find((c) => c.kind === 'check' && c.validated && c.notNullOf === column);
    if (proof && fx.ctx.pgVersion >= 12) continue;
    fx.scan(
      tb,
      'not-null',
      `SET NOT NULL on ${t}.${column} reads every row of ${displayName(tb.key)} under ACCESS EXCLUSIVE`,
    );
  }
}

export function dropColumn(fx: Effects, table: RelationInfo, column: string, cascade: boolean, recurse: boolean): void {
  const t = displayName(table.key);
  const tables = recurse ? [table, ...fx.model.partitionsOf(table.key)] : [table];
  for (const tb of tables) {
    fx.lock(tb, 'AccessExclusiveLock', tb.kind);
    for (const i of tb.indexes)
      if (fx.model.get(i)?.index?.columns.includes(column))
        fx.lockKey(i, 'AccessExclusiveLock', 'index', `index on ${displayName(tb.key)}.${column}, dropped with it`);
    for (const c of tb.constraints.values()) {
      if (!c.columns.includes(column)) continue;
      if (c.kind === 'foreign-key' && c.references)
        fx.lockKey(
          c.references,
          'AccessExclusiveLock',
          'table',
          `its foreign key ${c.name} is dropped with ${t}.${column}`,
        );
      if (c.index) fx.lockKey(c.index, 'AccessExclusiveLock', 'index', `index of ${c.name}, dropped with it`);
    }
  }
  if (!cascade) return;
  for (const { table: other, constraint } of fx.model.referencingConstraints(table.key)) {
    if (other.key !== table.key && (constraint.refColumns ?? []).includes(column))
      fx.lock(other, 'AccessExclusiveLock', other.kind, `its foreign key ${constraint.name} is dropped (CASCADE)`);
  }
  for (const view of fx.model.dependentViews(table.key)) {
    if (view.dependsOnColumns.has(column) || view.dependsOnColumns.has('*'))
      fx.lockWithIndexes(view, 'AccessExclusiveLock', `depends on ${t}.${column}, dropped (CASCADE)`);
  }
}

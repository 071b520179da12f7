// Changes rendered as PostgreSQL, in the safe forms lint recommends where an existing table
// is touched (see reference/postgres-locks.md): indexes built and dropped CONCURRENTLY (which
// cannot run in a transaction, so the revision becomes `transactional false`), foreign keys
// and checks added NOT VALID then validated (the scan under SHARE UPDATE EXCLUSIVE, not under
// the ACCESS EXCLUSIVE of ADD CONSTRAINT), NOT NULL through a validated CHECK, type changes
// that keep data through USING. A table created by the same script has no readers to protect:
// it gets the plain forms.
import type { DomainType, QualifiedName, Schema } from '../../../../shared/model/schema.ts';
import { applyChange } from '../apply.ts';
import { ownIndexes } from '../compare/tables.ts';
import { enumUse } from '../enum-columns.ts';
import type { Change } from '../operations.ts';
import { constraintName, qualified } from '../operations.ts';
import { alterColumn } from './postgres-columns.ts';
import {
  columnDefinition,
  commentSql,
  constraintClause,
  createTable,
  q,
  rel,
  sequenceOptions,
} from './postgres-ddl.ts';
import type { Script } from './script.ts';
import { createIndexSql, literal, viewQuery } from './sql-text.ts';

/** What the rendering knows at a point of the script: the schema so far, and what the script itself created. */
interface Context {
  state: Schema;
  readonly fresh: Set<string>;
  readonly script: Script;
}

const concurrentlyReason = 'CREATE/DROP INDEX CONCURRENTLY cannot run inside a transaction';
// The NOT VALID + VALIDATE recipe helps only when VALIDATE runs in a transaction of its own:
// inside the ADD's transaction its scan runs under the ADD's lock after all (lint's
// validate-in-same-transaction).
const validateReason =
  "VALIDATE CONSTRAINT must run after the NOT VALID constraint commits, or its scan holds the ADD's lock";

export function renderPostgres(changes: readonly Change[], start: Schema): Script {
  const ctx: Context = {
    state: start,
    fresh: new Set(),
    script: { statements: [], outsideTransaction: [], notes: [] },
  };
  for (const change of changes) {
    ctx.script.statements.push(...render(change, ctx));
    track(change, ctx);
    ctx.state = applyChange(ctx.state, change);
  }
  flagUnsafeEnumUse(changes, ctx.script);
  // Emitted only on existing tables (see addConstraint, postgres-columns.ts).
  if (ctx.script.statements.some((s) => / VALIDATE CONSTRAINT /.test(s)))
    ctx.script.outsideTransaction.push(validateReason);
  return ctx.script;
}

function track(c: Change, ctx: Context): void {
  if (c.kind === 'createTable') ctx.fresh.add(qualified(c.table));
  if (c.kind === 'createView') ctx.fresh.add(qualified(c.view));
  if (c.kind === 'renameTable' && ctx.fresh.delete(qualified(c.table))) ctx.fresh.add(`${c.table.schema}.${c.to}`);
}

function concurrently(ctx: Context): string {
  if (!ctx.script.outsideTransaction.includes(concurrentlyReason))
    ctx.script.outsideTransaction.push(concurrentlyReason);
  return 'CONCURRENTLY ';
}

/**
 * PostgreSQL refuses CONCURRENTLY on a partitioned table's index (building or dropping it): its
 * plain form then, which lint reports with the per-partition recipe for a reviewer to apply.
 */
function partitioned(ctx: Context, table: QualifiedName): boolean {
  return ctx.state.tables.some((t) => t.schema === table.schema && t.name === table.name && t.partitionBy !== null);
}

function render(c: Change, ctx: Context): string[] {
  const existing = 'table' in c && !ctx.fresh.has(qualified(c.table));
  const concurrentIndex = existing && 'table' in c && !partitioned(ctx, c.table);
  switch (c.kind) {
    case 'createSchema':
      return [`CREATE SCHEMA ${q(c.name)}`];
    case 'dropSchema':
      return [`DROP SCHEMA ${q(c.name)}`];
    case 'createExtension':
      return [`CREATE EXTENSION IF NOT EXISTS ${q(c.extension.name)} WITH SCHEMA ${q(c.extension.schema)}`];
    case 'dropExtension':
      // No CASCADE: a column or function still using one of its objects stops the drop.
      return [`DROP EXTENSION IF EXISTS ${q(c.extension.name)}`];
    case 'createTable':
      return createTable(c.table, ownIndexes(c.table));
    case 'dropTable':
      return [`DROP TABLE ${rel(c.table)}`];
    case 'renameTable':
      return [`ALTER TABLE ${rel(c.table)} RENAME TO ${q(c.to)}`];
    case 'addColumn':
      return [`ALTER TABLE ${rel(c.table)} ADD COLUMN ${columnDefinition(c.column)}`, ...columnComment(c)];
    case 'dropColumn':
      return [`ALTER TABLE ${rel(c.table)} DROP COLUMN ${q(c.column.name)}`];
    case 'renameColumn':
      return [`ALTER TABLE ${rel(c.table)} RENAME COLUMN ${q(c.from)} TO ${q(c.to)}`];
    case 'alterColumn':
      return alterColumn(c.table, c.from, c.to, existing);
    case 'alterTableOptions':
      throw new Error(
        `autogenerate: PostgreSQL tables have no options like ${c.to.join(', ')} (${qualified(c.table)})`,
      );
    case 'addConstraint':
      return addConstraint(c, existing, ctx);
    case 'dropConstraint':
      return [`ALTER TABLE ${rel(c.table)} DROP CONSTRAINT ${q(constraintNameOf(c))}`];
    case 'renameConstraint':
      return [`ALTER TABLE ${rel(c.table)} RENAME CONSTRAINT ${q(c.from)} TO ${q(c.to)}`];
    case 'createIndex':
      return [createIndexSql(c.index, c.table, 'postgres', concurrentIndex && concurrently(ctx) !== '')];
    case 'dropIndex':
      return [
        `DROP INDEX ${concurrentIndex ? concurrently(ctx) : ''}${rel({ schema: c.table.schema, name: c.index.name })}`,
      ];
    case 'renameIndex':
      return [`ALTER INDEX ${rel({ schema: c.table.schema, name: c.from })} RENAME TO ${q(c.to)}`];
    case 'createEnum':
      return [
        `CREATE TYPE ${rel(c.enum)} AS ENUM (${c.enum.values.map(literal).join(', ')})`,
        ...(c.enum.comment !== null ? [commentSql({ kind: 'type', object: c.enum }, c.enum.comment)] : []),
      ];
    case 'dropEnum':
      return [`DROP TYPE ${rel(c.enum)}`];
    case 'addEnumValue': {
      // Always placed explicitly: lint asks whether a value added at the end is meant to sort last.
      const at = c.to.values.indexOf(c.value);
      const next = c.to.values[at + 1];
      const previous = c.to.values[at - 1];
      const place =
        next !== undefined ? ` BEFORE ${literal(next)}` : previous !== undefined ? ` AFTER ${literal(previous)}` : '';
      return [`ALTER TYPE ${rel(c.to)} ADD VALUE ${literal(c.value)}${place}`];
    }
    case 'replaceEnum':
      return replaceEnum(c, ctx.state);
    case 'createDomain':
      return createDomain(c.domain);
    case 'dropDomain':
      return [`DROP DOMAIN ${rel(c.domain)}`];
    case 'alterDomain':
      return alterDomain(c.from, c.to);
    case 'createSequence':
      return [
        `CREATE SEQUENCE ${rel(c.sequence)} ${sequenceOptions(null, c.sequence)}`,
        ...(c.sequence.comment !== null
          ? [commentSql({ kind: 'sequence', object: c.sequence }, c.sequence.comment)]
          : []),
      ];
    case 'dropSequence':
      return [`DROP SEQUENCE ${rel(c.sequence)}`];
    case 'alterSequence':
      return [`ALTER SEQUENCE ${rel(c.to)} ${sequenceOptions(c.from, c.to)}`];
    case 'createView':
      return createView(c.view);
    case 'dropView':
      return [`DROP ${c.view.materialized ? 'MATERIALIZED ' : ''}VIEW ${rel(c.view)}`];
    case 'createTrigger':
      return [c.trigger.definition];
    case 'dropTrigger':
      return [`DROP TRIGGER ${q(c.trigger.name)} ON ${rel(c.table)}`];
    case 'createRoutine':
      return [
        c.routine.definition.trim(),
        ...(c.routine.comment !== null
          ? [commentSql({ kind: c.routine.kind, object: c.routine, arguments: c.routine.arguments }, c.routine.comment)]
          : []),
      ];
    case 'dropRoutine':
      return [`DROP ${c.routine.kind.toUpperCase()} ${rel(c.routine)}(${c.routine.arguments})`];
    case 'replaceRoutine':
      return [c.to.definition.trim()];
    case 'setComment':
      return [commentSql(c.target, c.to)];
  }
}

function columnComment(c: Extract<Change, { kind: 'addColumn' }>): string[] {
  return c.column.comment !== null
    ? [commentSql({ kind: 'column', object: c.table, column: c.column.name }, c.column.comment)]
    : [];
}

function constraintNameOf(c: Extract<Change, { kind: 'dropConstraint' }>): string {
  const k = c.constraint;
  const name = constraintName(k);
  if (name === null)
    throw new Error(`autogenerate: the ${k.type} on ${qualified(c.table)} has no name, so PostgreSQL cannot drop it`);
  return name;
}

function addConstraint(c: Extract<Change, { kind: 'addConstraint' }>, existing: boolean, ctx: Context): string[] {
  const table = rel(c.table);
  const k = c.constraint;
  if (!existing) return [`ALTER TABLE ${table} ADD ${constraintClause(k)}${notValidOf(c) ? ' NOT VALID' : ''}`];
  switch (k.type) {
    case 'exclusion':
      // No lighter form: the index behind it is built under ACCESS EXCLUSIVE (lint says so).
      return [`ALTER TABLE ${table} ADD ${constraintClause(k)}`];
    case 'check':
    case 'foreign key': {
      // NOT VALID takes the brief lock only; VALIDATE scans under SHARE UPDATE EXCLUSIVE (reads and writes go on).
      const name = k.type === 'check' ? k.check.name : k.foreignKey.name;
      const add = `ALTER TABLE ${table} ADD ${constraintClause(k)} NOT VALID`;
      return notValidOf(c) || name === null ? [add] : [add, `ALTER TABLE ${table} VALIDATE CONSTRAINT ${q(name)}`];
    }
    case 'unique':
    case 'primary key': {
      // The index is built CONCURRENTLY first; the constraint then takes it over with a brief lock.
      const name = k.type === 'unique' ? k.unique.name : k.key.name;
      if (name === null) return [`ALTER TABLE ${table} ADD ${constraintClause(k)}`];
      const columns = k.type === 'unique' ? k.unique.columns : k.key.columns;
      const nnd = k.type === 'unique' && k.unique.nullsNotDistinct ? ' NULLS NOT DISTINCT' : '';
      const deferrable =
        k.type === 'unique' && k.unique.deferrable !== 'not deferrable' ? ` ${k.unique.deferrable.toUpperCase()}` : '';
      return [
        `CREATE UNIQUE INDEX ${concurrently(ctx)}${q(name)} ON ${table} (${columns.map(q).join(', ')})${nnd}`,
        `ALTER TABLE ${table} ADD CONSTRAINT ${q(name)} ` +
          `${k.type === 'unique' ? 'UNIQUE' : 'PRIMARY KEY'} USING INDEX ${q(name)}${deferrable}`,
      ];
    }
  }
}

function notValidOf(c: Extract<Change, { kind: 'addConstraint' }>): boolean {
  const k = c.constraint;
  return (k.type === 'check' && k.check.notValid) || (k.type === 'foreign key' && k.foreignKey.notValid);
}

function createDomain(d: DomainType): string[] {
  const parts = [`CREATE DOMAIN ${rel(d)} AS ${d.baseType}`];
  if (d.collation !== null) parts.push(`COLLATE ${d.collation}`);
  if (d.default !== null) parts.push(`DEFAULT ${d.default}`);
  if (d.notNull) parts.push('NOT NULL');
  // CREATE DOMAIN takes no NOT VALID: such a check is added after, left unvalidated.
  const notValid = (k: DomainType['checks'][number]): boolean => / NOT VALID$/.test(k.definition);
  for (const k of d.checks.filter((k) => !notValid(k))) parts.push(`CONSTRAINT ${q(k.name)} ${k.definition}`);
  return [
    parts.join(' '),
    ...d.checks.filter(notValid).map((k) => `ALTER DOMAIN ${rel(d)} ADD CONSTRAINT ${q(k.name)} ${k.definition}`),
    ...(d.comment !== null ? [commentSql({ kind: 'domain', object: d }, d.comment)] : []),
  ];
}

/**
 * A check added to a domain is checked against every column of that type at once (no NOT
 * VALID form that validates later without the scan): the reviewer sees it in the lint.
 */
function alterDomain(from: DomainType, to: DomainType): string[] {
  const alter = `ALTER DOMAIN ${rel(to)}`;
  const out: string[] = [];
  const checks = new Map(from.checks.map((k) => [k.name, k.definition]));
  const target = new Map(to.checks.map((k) => [k.name, k.definition]));
  for (const [name, definition] of checks)
    if (target.get(name) !== definition) out.push(`${alter} DROP CONSTRAINT ${q(name)}`);
  if (from.default !== to.default)
    out.push(to.default === null ? `${alter} DROP DEFAULT` : `${alter} SET DEFAULT ${to.default}`);
  if (from.notNull !== to.notNull) out.push(`${alter} ${to.notNull ? 'SET' : 'DROP'} NOT NULL`);
  for (const [name, definition] of target)
    if (checks.get(name) !== definition) out.push(`${alter} ADD CONSTRAINT ${q(name)} ${definition}`);
  return out;
}

function createView(v: Extract<Change, { kind: 'createView' }>['view']): string[] {
  const out = [`CREATE ${v.materialized ? 'MATERIALIZED ' : ''}VIEW ${rel(v)} AS\n${viewQuery(v.definition)}`];
  for (const i of v.indexes) out.push(createIndexSql(i, v, 'postgres', false));
  for (const t of v.triggers) out.push(t.definition);
  if (v.comment !== null)
    out.push(commentSql({ kind: v.materialized ? 'materialized view' : 'view', object: v }, v.comment));
  return out;
}

/**
 * PostgreSQL cannot drop or reorder enum values: a new type takes the old one's place, and
 * every column of the old type is converted through text (its default set again after).
 */
function replaceEnum(c: Extract<Change, { kind: 'replaceEnum' }>, state: Schema): string[] {
  const old = { schema: c.from.schema, name: `${c.from.name}__old` };
  const out = [
    `ALTER TYPE ${rel(c.from)} RENAME TO ${q(old.name)}`,
    `CREATE TYPE ${rel(c.to)} AS ENUM (${c.to.values.map(literal).join(', ')})`,
  ];
  for (const t of state.tables) {
    for (const col of t.columns) {
      const use = enumUse(col, c.from);
      if (use === null) continue;
      const alter = `ALTER TABLE ${rel(t)} ALTER COLUMN ${q(col.name)}`;
      if (col.default !== null) out.push(`${alter} DROP DEFAULT`);
      const cast = use === 'array' ? `${q(col.name)}::text[]::${rel(c.to)}[]` : `${q(col.name)}::text::${rel(c.to)}`;
      out.push(`${alter} TYPE ${col.type} USING ${cast}`);
      if (col.default !== null) out.push(`${alter} SET DEFAULT ${col.default}`);
    }
  }
  out.push(`DROP TYPE ${rel(old)}`);
  if (c.to.comment !== null) out.push(commentSql({ kind: 'type', object: c.to }, c.to.comment));
  return out;
}

/**
 * A value added by ALTER TYPE … ADD VALUE cannot be used before the transaction commits: when
 * the script uses one after adding it, it runs outside a transaction (each statement commits).
 */
function flagUnsafeEnumUse(changes: readonly Change[], script: Script): void {
  const added = changes.flatMap((c) => (c.kind === 'addEnumValue' ? [c.value] : []));
  const addAt = script.statements.findIndex((s) => /^ALTER TYPE .* ADD VALUE /.test(s));
  if (addAt < 0) return;
  const later = script.statements.slice(addAt + 1);
  const used = added.filter((v) => later.some((s) => s.includes(literal(v))));
  if (used.length > 0)
    script.outsideTransaction.push(
      `the new enum value ${used.map(literal).join(', ')} is used by the same revision, ` +
        `which PostgreSQL allows only after the ADD VALUE commits`,
    );
}

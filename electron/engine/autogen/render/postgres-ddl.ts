// PostgreSQL DDL text for the schema model's pieces: column definitions, constraint clauses,
// CREATE TABLE, sequence options, COMMENT ON.
import type {
  Column,
  Deferrable,
  ForeignKey,
  QualifiedName,
  Sequence,
  Table,
} from '../../../../shared/model/schema.ts';
import type { CommentTarget, Constraint } from '../operations.ts';
import { columnList, createIndexSql, literal, quoteIdent, relationName } from './sql-text.ts';

export const q = (name: string): string => quoteIdent(name, 'postgres');
export const rel = (name: QualifiedName): string => relationName(name, 'postgres');

export function columnDefinition(c: Column): string {
  const parts = [q(c.name), c.type];
  if (c.collation) parts.push(`COLLATE ${c.collation}`);
  if (c.generated)
    parts.push(`GENERATED ALWAYS AS (${c.generated.expression}) ${c.generated.stored ? 'STORED' : 'VIRTUAL'}`);
  if (c.identity) parts.push(identityClause(c.identity));
  if (c.default !== null) parts.push(`DEFAULT ${c.default}`);
  if (!c.nullable) parts.push('NOT NULL');
  return parts.join(' ');
}

export function identityClause(identity: NonNullable<Column['identity']>): string {
  return (
    `GENERATED ${identity.generation.toUpperCase()} AS ` + `IDENTITY${identity.options ? ` (${identity.options})` : ''}`
  );
}

function deferrable(d: Deferrable): string {
  return d === 'not deferrable' ? '' : ` ${d.toUpperCase()}`;
}

function foreignKeyClause(fk: ForeignKey): string {
  let sql =
    `FOREIGN KEY (${columnList(fk.columns, 'postgres')}) ` +
    `REFERENCES ${rel(fk.references)} (${columnList(fk.references.columns, 'postgres')})`;
  if (fk.match === 'full') sql += ' MATCH FULL';
  if (fk.onUpdate !== 'no action') sql += ` ON UPDATE ${fk.onUpdate.toUpperCase()}`;
  if (fk.onDelete !== 'no action') sql += ` ON DELETE ${fk.onDelete.toUpperCase()}`;
  return sql + deferrable(fk.deferrable);
}

/** The constraint as it appears in CREATE TABLE or ADD CONSTRAINT (without NOT VALID). */
export function constraintClause(c: Constraint): string {
  const named = (name: string | null, body: string): string => (name ? `CONSTRAINT ${q(name)} ${body}` : body);
  switch (c.type) {
    case 'primary key':
      return named(c.key.name, `PRIMARY KEY (${columnList(c.key.columns, 'postgres')})`);
    case 'unique':
      return named(
        c.unique.name,
        `UNIQUE${c.unique.nullsNotDistinct ? ' NULLS NOT DISTINCT' : ''} ` +
          `(${columnList(c.unique.columns, 'postgres')})${deferrable(c.unique.deferrable)}`,
      );
    case 'check':
      return named(c.check.name, `CHECK (${c.check.expression})`);
    case 'foreign key':
      return named(c.foreignKey.name, foreignKeyClause(c.foreignKey));
    case 'exclusion':
      return named(c.exclusion.name, c.exclusion.definition);
  }
}

export function tableConstraints(t: Table): Constraint[] {
  return [
    ...(t.primaryKey ? [{ type: 'primary key' as const, key: t.primaryKey }] : []),
    ...t.uniques.map((unique) => ({ type: 'unique' as const, unique })),
    ...t.checks.map((check) => ({ type: 'check' as const, check })),
    ...t.foreignKeys.map((foreignKey) => ({ type: 'foreign key' as const, foreignKey })),
    ...t.exclusions.map((exclusion) => ({ type: 'exclusion' as const, exclusion })),
  ];
}

const isNotValid = (c: Constraint): boolean =>
  (c.type === 'check' && c.check.notValid) || (c.type === 'foreign key' && c.foreignKey.notValid);

/** CREATE TABLE with its constraints, then its indexes and comments (a new table: nothing to lock out). */
export function createTable(t: Table, ownIndexes: ReadonlySet<string>): string[] {
  const constraints = tableConstraints(t);
  const partitionBy = t.partitionBy !== null ? ` PARTITION BY ${t.partitionBy}` : '';
  const out: string[] = [];
  if (t.partitionOf !== null) {
    // Its columns, and what it inherits, come from the parent; its own constraints are added after.
    out.push(`CREATE TABLE ${rel(t)} PARTITION OF ${rel(t.partitionOf)} ${t.partitionOf.bound}${partitionBy}`);
    for (const c of constraints)
      out.push(`ALTER TABLE ${rel(t)} ADD ${constraintClause(c)}${isNotValid(c) ? ' NOT VALID' : ''}`);
  } else {
    const lines = [
      ...t.columns.map(columnDefinition),
      ...constraints.filter((c) => !isNotValid(c)).map(constraintClause),
    ];
    out.push(`CREATE TABLE ${rel(t)} (\n  ${lines.join(',\n  ')}\n)${partitionBy}`);
    // CREATE TABLE cannot declare a constraint NOT VALID: it is added after, left unvalidated.
    for (const c of constraints.filter(isNotValid))
      out.push(`ALTER TABLE ${rel(t)} ADD ${constraintClause(c)} NOT VALID`);
  }
  for (const i of t.indexes) if (!ownIndexes.has(i.name)) out.push(createIndexSql(i, t, 'postgres', false));
  if (t.comment !== null) out.push(commentSql({ kind: 'table', object: t }, t.comment));
  for (const c of t.columns)
    if (c.comment !== null) out.push(commentSql({ kind: 'column', object: t, column: c.name }, c.comment));
  return out;
}

export function commentSql(target: CommentTarget, text: string | null): string {
  const value = text === null ? 'NULL' : literal(text);
  switch (target.kind) {
    case 'column':
      return `COMMENT ON COLUMN ${rel(target.object)}.${q(target.column)} IS ${value}`;
    case 'function':
    case 'procedure':
      return `COMMENT ON ${target.kind.toUpperCase()} ${rel(target.object)}(${target.arguments}) IS ${value}`;
    default:
      return `COMMENT ON ${target.kind.toUpperCase()} ${rel(target.object)} IS ${value}`;
  }
}

/** Sequence options that differ between `from` and `to` (all of them for a new sequence: `from` null). */
export function sequenceOptions(from: Sequence | null, to: Sequence): string {
  const parts: string[] = [];
  const changed = (k: keyof Sequence): boolean => from === null || from[k] !== to[k];
  if (changed('dataType')) parts.push(`AS ${to.dataType}`);
  if (changed('increment')) parts.push(`INCREMENT BY ${to.increment}`);
  if (changed('min')) parts.push(`MINVALUE ${to.min}`);
  if (changed('max')) parts.push(`MAXVALUE ${to.max}`);
  if (changed('start')) parts.push(`START WITH ${to.start}`);
  if (changed('cache')) parts.push(`CACHE ${to.cache}`);
  if (changed('cycle')) parts.push(to.cycle ? 'CYCLE' : 'NO CYCLE');
  if (from !== null && JSON.stringify(from.ownedBy) !== JSON.stringify(to.ownedBy)) {
    parts.push(`OWNED BY ${to.ownedBy ? `${rel(to.ownedBy)}.${q(to.ownedBy.column)}` : 'NONE'}`);
  }
  return parts.join(' ');
}

// Names and literals in generated SQL. Identifiers are quoted only when they must be (upper
// case, odd characters, a reserved word), so the generated revision reads like hand-written SQL.
import type { Dialect } from '../../../../shared/model/revision.ts';
import type { Index, IndexKey, QualifiedName } from '../../../../shared/model/schema.ts';

// PostgreSQL's reserved and type/function-name keywords, and SQLite's keywords: a name that is
// one of them is quoted in both dialects (quoting more than needed is harmless).
const RESERVED = new Set(
  (
    'abort action add after all alter analyse analyze and any ' +
    'array as asc asymmetric attach authorization autoincrement ' +
    'before begin between binary both by cascade case cast check ' +
    'collate collation column commit concurrently conflict ' +
    'constraint create cross current_catalog current_date current_role current_schema current_time current_timestamp ' +
    'current_user database default deferrable deferred delete ' +
    'desc detach distinct do drop each else end escape except ' +
    'exclusive exists explain fail false fetch for foreign freeze from full glob grant group having if ignore ilike ' +
    'immediate in index indexed initially inner insert instead ' +
    'intersect into is isnull join key lateral leading left ' +
    'like limit localtime localtimestamp match natural no not notnull null of offset on only or order outer overlaps ' +
    'placing plan pragma primary query raise recursive references regexp reindex release rename replace restrict ' +
    'returning right rollback row savepoint select session_user set similar some symmetric system_user table ' +
    'tablesample temp temporary then to trailing transaction ' +
    'trigger true union unique update user using vacuum values ' +
    'variadic verbose view virtual when where window with without'
  ).split(' '),
);

export function quoteIdent(name: string, dialect: Dialect): string {
  const plain = dialect === 'postgres' ? /^[a-z_][a-z0-9_$]*$/ : /^[A-Za-z_][A-Za-z0-9_]*$/;
  if (plain.test(name) && !RESERVED.has(name.toLowerCase())) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/** A relation's name: bare in the default schema (public, main), qualified elsewhere. */
export function relationName(q: QualifiedName, dialect: Dialect): string {
  const home = dialect === 'postgres' ? 'public' : 'main';
  return q.schema === home
    ? quoteIdent(q.name, dialect)
    : `${quoteIdent(q.schema, dialect)}.${quoteIdent(q.name, dialect)}`;
}

export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

export function columnList(columns: readonly string[], dialect: Dialect): string {
  return columns.map((c) => quoteIdent(c, dialect)).join(', ');
}

/** A key of CREATE INDEX: a column or a parenthesised expression, with its collation, operator class and order. */
export function indexKey(k: IndexKey, dialect: Dialect): string {
  // PostgreSQL wants an expression key in parentheses; SQLite takes it bare (and keeps what it was given).
  const expression = dialect === 'postgres' ? `(${k.expression ?? ''})` : (k.expression ?? '');
  const parts = [k.column !== null ? quoteIdent(k.column, dialect) : expression];
  if (k.collation) parts.push(`COLLATE ${k.collation}`);
  if (k.opclass) parts.push(k.opclass);
  if (k.descending) parts.push('DESC');
  if (k.nulls) parts.push(`NULLS ${k.nulls.toUpperCase()}`);
  return parts.join(' ');
}

/** CREATE INDEX from the index's fields, on `table` (its name at this point of the migration). */
export function createIndexSql(index: Index, table: QualifiedName, dialect: Dialect, concurrently: boolean): string {
  const pg = dialect === 'postgres';
  const head =
    `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ` +
    `${concurrently ? 'CONCURRENTLY ' : ''}${quoteIdent(index.name, dialect)}`;
  const using = pg && index.method !== 'btree' ? ` USING ${index.method}` : '';
  let sql =
    `${head} ON ${relationName(table, dialect)}${using} ` +
    `(${index.keys.map((k) => indexKey(k, dialect)).join(', ')})`;
  if (index.include.length > 0) sql += ` INCLUDE (${columnList(index.include, dialect)})`;
  if (index.nullsNotDistinct) sql += ' NULLS NOT DISTINCT';
  if (index.where) sql += ` WHERE ${index.where}`;
  return sql;
}

/** A view's query as stored, without the trailing semicolon pg_get_viewdef adds. */
export function viewQuery(definition: string): string {
  return definition.trim().replace(/;\s*$/, '');
}

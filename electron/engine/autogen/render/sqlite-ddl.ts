// SQLite DDL text for the schema model's pieces: column definitions and CREATE TABLE.
import type { Column, Deferrable, Table } from '../../../../shared/model/schema.ts';
import type { Constraint } from '../operations.ts';
import { columnList, quoteIdent, relationName } from './sql-text.ts';

export const q = (name: string): string => quoteIdent(name, 'sqlite');

/** Literals SQLite takes after DEFAULT as they are; anything else must be in parentheses. */
function isPlainDefault(text: string): boolean {
  return new RegExp(
    "^(?:[-+]?\\d+(?:\\.\\d+)?(?:e[-+]?\\d+)?|'(?:[^']|'')*'|x'[0-9a-f]" +
      "*'|null|true|false|current_time|current_date|current_timestamp|\\(.*\\))$",
    'is',
  ).test(text.trim());
}

export function columnDefinition(c: Column, inlineKey: Table['primaryKey']): string {
  const parts = [q(c.name)];
  if (c.type !== '') parts.push(c.type);
  // AUTOINCREMENT exists only on a column's own INTEGER PRIMARY KEY.
  if (inlineKey?.autoincrement && inlineKey.columns[0] === c.name) parts.push('PRIMARY KEY AUTOINCREMENT');
  if (!c.nullable) parts.push('NOT NULL');
  if (c.default !== null) parts.push(`DEFAULT ${isPlainDefault(c.default) ? c.default : `(${c.default})`}`);
  if (c.collation) parts.push(`COLLATE ${c.collation}`);
  if (c.generated)
    parts.push(`GENERATED ALWAYS AS (${c.generated.expression}) ${c.generated.stored ? 'STORED' : 'VIRTUAL'}`);
  return parts.join(' ');
}

function deferrable(d: Deferrable): string {
  return d === 'not deferrable' ? '' : ` ${d.toUpperCase()}`;
}

export function constraintClause(c: Constraint): string {
  const named = (name: string | null, body: string): string => (name ? `CONSTRAINT ${q(name)} ${body}` : body);
  switch (c.type) {
    case 'primary key':
      return named(c.key.name, `PRIMARY KEY (${columnList(c.key.columns, 'sqlite')})`);
    case 'unique':
      return named(c.unique.name, `UNIQUE (${columnList(c.unique.columns, 'sqlite')})`);
    case 'check':
      return named(c.check.name, `CHECK (${c.check.expression})`);
    case 'foreign key': {
      const fk = c.foreignKey;
      let sql = `FOREIGN KEY (${columnList(fk.columns, 'sqlite')}) REFERENCES ${relationName(fk.references, 'sqlite')}`;
      if (fk.references.columns.length > 0) sql += ` (${columnList(fk.references.columns, 'sqlite')})`;
      if (fk.onUpdate !== 'no action') sql += ` ON UPDATE ${fk.onUpdate.toUpperCase()}`;
      if (fk.onDelete !== 'no action') sql += ` ON DELETE ${fk.onDelete.toUpperCase()}`;
      if (fk.match !== 'simple') sql += ` MATCH ${fk.match.toUpperCase()}`;
      return named(fk.name, sql + deferrable(fk.deferrable));
    }
    case 'exclusion':
      throw new Error(`autogenerate: SQLite has no exclusion constraints (${c.exclusion.name})`);
  }
}

export function createTableSql(t: Table, name: string = relationName(t, 'sqlite')): string {
  const inlineKey = t.primaryKey?.autoincrement ? t.primaryKey : null;
  const constraints: Constraint[] = [
    ...(t.primaryKey && !inlineKey ? [{ type: 'primary key' as const, key: t.primaryKey }] : []),
    ...t.uniques.map((unique) => ({ type: 'unique' as const, unique })),
    ...t.checks.map((check) => ({ type: 'check' as const, check })),
    ...t.foreignKeys.map((foreignKey) => ({ type: 'foreign key' as const, foreignKey })),
  ];
  const lines = [...t.columns.map((c) => columnDefinition(c, inlineKey)), ...constraints.map(constraintClause)];
  const options = t.options.length > 0 ? ` ${t.options.join(', ')}` : '';
  return `CREATE TABLE ${name} (\n  ${lines.join(',\n  ')}\n)${options}`;
}

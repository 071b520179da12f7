// ALTER COLUMN on PostgreSQL, one change of a column's shape at a time, in the order the
// database accepts them: the expression and identity go first (a column cannot be both),
// the default is dropped before a type change (it may not cast) and set again after, and
// NOT NULL comes last, through a validated CHECK on an existing table so the scan that proves
// it runs under SHARE UPDATE EXCLUSIVE instead of ACCESS EXCLUSIVE.
import type { Column, QualifiedName } from '../../../../shared/model/schema.ts';
import { columnDefinition, identityClause, q, rel } from './postgres-ddl.ts';

/** PostgreSQL truncates names to 63 bytes; ours must stay unique after that. */
function constraintName(table: string, column: string): string {
  const suffix = '_strata_nn';
  return `${table}_${column}`.slice(0, 63 - suffix.length) + suffix;
}

/** "START WITH 10 INCREMENT BY 5" as ALTER COLUMN's "SET START WITH 10 SET INCREMENT BY 5". */
function identityOptions(options: string | null): string {
  const text = options ?? 'START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1 NO CYCLE';
  const parts =
    text.match(
      /(START WITH|INCREMENT BY|MINVALUE|MAXVALUE|CACHE|NO MINVALUE|NO MAXVALUE|NO CYCLE|CYCLE)(\s+-?\d+)?/gi,
    ) ?? [];
  return parts.map((p) => `SET ${p.trim()}`).join(' ');
}

export function alterColumn(table: QualifiedName, from: Column, to: Column, existing: boolean): string[] {
  const t = rel(table);
  const col = q(to.name);
  const alter = `ALTER TABLE ${t} ALTER COLUMN ${col}`;
  // A plain column cannot become generated, nor switch between stored and virtual, in place:
  // it is dropped and added again (its values are computed anew).
  if (to.generated && (!from.generated || from.generated.stored !== to.generated.stored)) {
    return [`ALTER TABLE ${t} DROP COLUMN ${col}`, `ALTER TABLE ${t} ADD COLUMN ${columnDefinition(to)}`];
  }
  const out: string[] = [];
  if (from.generated && !to.generated) out.push(`${alter} DROP EXPRESSION`);
  if (from.identity && !to.identity) out.push(`${alter} DROP IDENTITY`);
  const retype = from.type !== to.type || from.collation !== to.collation;
  if (from.default !== null && (retype || from.default !== to.default)) out.push(`${alter} DROP DEFAULT`);
  if (retype) {
    const collate = to.collation ? ` COLLATE ${to.collation}` : '';
    out.push(`${alter} TYPE ${to.type}${collate}${from.type !== to.type ? ` USING ${col}::${to.type}` : ''}`);
  }
  if (to.default !== null && (retype || from.default !== to.default)) out.push(`${alter} SET DEFAULT ${to.default}`);
  if (from.nullable && !to.nullable) out.push(...setNotNull(table, to.name, existing));
  if (!from.nullable && to.nullable) out.push(`${alter} DROP NOT NULL`);
  if (to.identity && !from.identity) out.push(`${alter} ADD ${identityClause(to.identity)}`);
  if (from.identity && to.identity) {
    if (from.identity.generation !== to.identity.generation)
      out.push(`${alter} SET GENERATED ${to.identity.generation.toUpperCase()}`);
    if (from.identity.options !== to.identity.options) out.push(`${alter} ${identityOptions(to.identity.options)}`);
  }
  if (from.generated && to.generated && from.generated.expression !== to.generated.expression) {
    out.push(`${alter} SET EXPRESSION AS (${to.generated.expression})`);
  }
  return out;
}

function setNotNull(table: QualifiedName, column: string, existing: boolean): string[] {
  const t = rel(table);
  const set = `ALTER TABLE ${t} ALTER COLUMN ${q(column)} SET NOT NULL`;
  if (!existing) return [set];
  // SET NOT NULL alone scans the table under ACCESS EXCLUSIVE; with a validated CHECK proving
  // it, it does not scan (PostgreSQL 12+).
  const check = q(constraintName(table.name, column));
  return [
    `ALTER TABLE ${t} ADD CONSTRAINT ${check} CHECK (${q(column)} IS NOT NULL) NOT VALID`,
    `ALTER TABLE ${t} VALIDATE CONSTRAINT ${check}`,
    set,
    `ALTER TABLE ${t} DROP CONSTRAINT ${check}`,
  ];
}

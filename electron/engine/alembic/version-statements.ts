// What alembic writes into an offline script for its own bookkeeping, not for the user's
// migration: its version table's DDL (CREATE / DROP TABLE alembic_version) and rows (INSERT,
// UPDATE, DELETE). The studio shows and lints a revision's own statements only, so these are
// cut out of each section, the user's statements kept byte for byte.
import { statementSpans } from '../sql/statements.ts';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether the statement is alembic's own work on its version table (optionally schema-qualified, quoted or not). */
export function isVersionTableStatement(statement: string, versionTable: string): boolean {
  const table = `(?:"?\\w+"?\\.)?"?${escapeRegExp(versionTable)}"?`;
  return new RegExp(
    `^\\s*(?:INSERT\\s+INTO\\s+${table}|UPDATE\\s+${table}|DELETE\\s+FROM\\s+${table}|` +
      `(?:CREATE|DROP)\\s+TABLE\\s+(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?${table})(?![\\w$])`,
    'i',
  ).test(statement);
}

/**
 * The section without its version-table statements: each goes with its `;` and the blank
 * space up to the next statement; everything else is left exactly as alembic wrote it.
 */
export function withoutVersionTable(section: string, versionTable: string): string {
  let out = '';
  let from = 0;
  for (const span of statementSpans(section)) {
    if (!isVersionTableStatement(span.sql, versionTable)) continue;
    out += section.slice(from, span.start);
    let end = span.start + span.sql.length;
    while (end < section.length && section[end] !== ';') end++;
    end++;
    while (end < section.length && /\s/.test(section[end] as string)) end++;
    from = end;
  }
  if (from === 0) return section;
  const kept = (out + section.slice(from)).trim();
  return kept === '' ? '' : `${kept}\n`;
}

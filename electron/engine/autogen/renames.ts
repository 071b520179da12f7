// Renames are proposed, never guessed: a table (or column) that goes and one that comes with
// the same shape are a candidate, reported; only a decision turns them into a rename, which
// keeps the rows. Without one the diff drops and adds, and says which pair it could have been.
import type { Dialect } from '../../../shared/model/revision.ts';
import type { QualifiedName, Schema, Table } from '../../../shared/model/schema.ts';
import { applyChange, findTable, sameName } from './apply.ts';
import { match, same } from './compare/tables.ts';
import type { Change } from './operations.ts';
import { qualified } from './operations.ts';

export interface RenameDecisions {
  readonly tables: readonly { readonly from: string; readonly to: string }[];
  readonly columns: readonly { readonly table: string; readonly from: string; readonly to: string }[];
}

export const NO_RENAMES: RenameDecisions = { tables: [], columns: [] };

export type RenameCandidate =
  | { readonly kind: 'table'; readonly from: string; readonly to: string }
  | { readonly kind: 'column'; readonly table: string; readonly from: string; readonly to: string };

/** A rename decision that names something the schemas do not have. */
export class RenameDecisionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RenameDecisionError';
  }
}

export function defaultSchema(dialect: Dialect): string {
  return dialect === 'postgres' ? 'public' : 'main';
}

/** "s.t" or "t" (in the default schema). */
export function parseTableName(text: string, dialect: Dialect): QualifiedName {
  const dot = text.indexOf('.');
  return dot < 0
    ? { schema: defaultSchema(dialect), name: text }
    : { schema: text.slice(0, dot), name: text.slice(dot + 1) };
}

/** How people name a table: bare in the default schema, qualified elsewhere. */
export function displayName(t: QualifiedName, dialect: Dialect): string {
  return t.schema === defaultSchema(dialect) ? t.name : qualified(t);
}

/** The decided renames as changes, and the `from` schema with them applied. */
export function applyDecisions(
  from: Schema,
  to: Schema,
  decisions: RenameDecisions,
): { renames: Change[]; renamed: Schema } {
  const dialect = from.dialect;
  const renames: Change[] = [];
  let state = from;
  const apply = (c: Change): void => {
    renames.push(c);
    state = applyChange(state, c);
  };
  for (const d of decisions.tables) {
    const old = parseTableName(d.from, dialect);
    const neu = parseTableName(d.to, dialect);
    if (!findTable(state, old))
      throw new RenameDecisionError(`rename ${d.from}=${d.to}: there is no table ${d.from} to rename`);
    if (!findTable(to, neu))
      throw new RenameDecisionError(`rename ${d.from}=${d.to}: the target schema has no table ${d.to}`);
    if (old.schema !== neu.schema)
      throw new RenameDecisionError(`rename ${d.from}=${d.to}: a rename cannot move a table to another schema`);
    if (findTable(state, neu)) throw new RenameDecisionError(`rename ${d.from}=${d.to}: table ${d.to} already exists`);
    apply({ kind: 'renameTable', table: old, to: neu.name });
  }
  for (const d of decisions.columns) {
    // The table by its new name, or by its old one when the same run renames it.
    const named = parseTableName(d.table, dialect);
    const renamedTable = renames.find((r) => r.kind === 'renameTable' && sameName(r.table, named));
    const table = renamedTable?.kind === 'renameTable' ? { schema: named.schema, name: renamedTable.to } : named;
    const current = findTable(state, table);
    const target = findTable(to, table);
    const where = `rename ${d.table}.${d.from}=${d.to}`;
    if (!current || !target) throw new RenameDecisionError(`${where}: there is no table ${d.table} on both sides`);
    if (!current.columns.some((c) => c.name === d.from))
      throw new RenameDecisionError(`${where}: ${d.table} has no column ${d.from}`);
    if (!target.columns.some((c) => c.name === d.to))
      throw new RenameDecisionError(`${where}: the target ${d.table} has no column ${d.to}`);
    if (current.columns.some((c) => c.name === d.to))
      throw new RenameDecisionError(`${where}: ${d.table} already has a column ${d.to}`);
    apply({ kind: 'renameColumn', table, from: d.from, to: d.to });
  }
  return { renames, renamed: state };
}

const columnTypes = (t: Table): unknown => t.columns.map((c) => [c.name, c.type]).sort();

/** Dropped and added tables of the same columns; within kept tables, dropped and added columns of the same type. */
export function renameCandidates(from: Schema, to: Schema): RenameCandidate[] {
  const dialect = from.dialect;
  const out: RenameCandidate[] = [];
  const tables = match(from.tables, to.tables, qualified);
  for (const a of tables.onlyFrom) {
    for (const b of tables.onlyTo) {
      if (a.schema === b.schema && same(columnTypes(a), columnTypes(b))) {
        out.push({ kind: 'table', from: displayName(a, dialect), to: displayName(b, dialect) });
      }
    }
  }
  for (const [a, b] of tables.both) {
    if (a.columns.length === b.columns.length && same(a.columns, b.columns)) continue;
    const columns = match(a.columns, b.columns, (c) => c.name);
    for (const x of columns.onlyFrom) {
      for (const y of columns.onlyTo) {
        if (x.type === y.type) out.push({ kind: 'column', table: displayName(b, dialect), from: x.name, to: y.name });
      }
    }
  }
  return out;
}

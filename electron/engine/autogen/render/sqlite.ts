// Changes rendered as SQLite. ALTER TABLE where SQLite has it (ADD COLUMN of a shape that
// needs no existing row, DROP COLUMN of a column nothing else uses, RENAME), the table rebuild
// everywhere else (https://sqlite.org/lang_altertable.html#otheralter): the diff keeps a
// table's changes next to each other, so each run of them becomes one rebuild.
import type { Schema, Table } from '../../../../shared/model/schema.ts';
import { applyChange, applyChanges, findTable, sameName } from '../apply.ts';
import { ownIndexes } from '../compare/tables.ts';
import { mentions } from '../identifiers.ts';
import type { Change } from '../operations.ts';
import { describeObject } from '../operations.ts';
import type { Script } from './script.ts';
import { rebuildTable } from './sqlite-rebuild.ts';
import { columnDefinition, constraintClause, createTableSql, q } from './sqlite-ddl.ts';
import { createIndexSql, relationName, viewQuery } from './sql-text.ts';

type TableChange = Extract<
  Change,
  { kind: 'addColumn' | 'alterColumn' | 'dropColumn' | 'addConstraint' | 'dropConstraint' | 'alterTableOptions' }
>;

const TABLE_LEVEL = new Set<Change['kind']>([
  'addColumn',
  'alterColumn',
  'dropColumn',
  'addConstraint',
  'dropConstraint',
  'alterTableOptions',
]);
const isTableLevel = (c: Change): c is TableChange => TABLE_LEVEL.has(c.kind);
const rel = (t: { schema: string; name: string }): string => relationName(t, 'sqlite');

export function renderSqlite(changes: readonly Change[], start: Schema): Script {
  const script: Script = { statements: [], outsideTransaction: [], notes: [] };
  let state = start;
  for (let i = 0; i < changes.length;) {
    const c = changes[i]!;
    if (!isTableLevel(c)) {
      script.statements.push(...render(c));
      state = applyChange(state, c);
      i++;
      continue;
    }
    const run: TableChange[] = [];
    for (let next = changes[i]; next && isTableLevel(next) && sameName(next.table, c.table); next = changes[++i])
      run.push(next);
    const before = findTable(state, c.table)!;
    const after = applyChanges(state, run);
    const altered = alterInPlace(before, run, state);
    if (altered) script.statements.push(...altered);
    else script.statements.push(...rebuildTable(before, findTable(after, c.table)!, state, run, script));
    state = after;
  }
  return script;
}

/** ALTER TABLE statements for the run, or null when one of its changes needs the rebuild. */
function alterInPlace(table: Table, run: readonly TableChange[], state: Schema): string[] | null {
  const out: string[] = [];
  const added = new Map<string, string>();
  for (const c of run) {
    if (c.kind === 'addColumn') {
      if (!canAdd(c.column)) return null;
      added.set(c.column.name, `ALTER TABLE ${rel(table)} ADD COLUMN ${columnDefinition(c.column, null)}`);
    } else if (c.kind === 'addConstraint' && c.constraint.type === 'foreign key') {
      // A new nullable column may carry its REFERENCES clause in ADD COLUMN.
      const fk = c.constraint.foreignKey;
      const column = fk.columns.length === 1 ? fk.columns[0]! : '';
      const add = added.get(column);
      const def = run.find((x) => x.kind === 'addColumn' && x.column.name === column);
      if (!add || fk.name !== null || (def?.kind === 'addColumn' && def.column.default !== null)) return null;
      added.set(column, `${add} ${constraintClause(c.constraint).replace(/^FOREIGN KEY \([^)]*\) /, '')}`);
    } else if (c.kind === 'dropColumn') {
      if (!canDrop(table, c.column.name, state)) return null;
      out.push(`ALTER TABLE ${rel(table)} DROP COLUMN ${q(c.column.name)}`);
    } else return null;
  }
  return [...added.values(), ...out];
}

/** ADD COLUMN cannot fill existing rows with anything but a constant, nor check them. */
function canAdd(c: Table['columns'][number]): boolean {
  const constant =
    c.default === null || /^(?:[-+]?\d+(?:\.\d+)?|'(?:[^']|'')*'|null|true|false)$/i.test(c.default.trim());
  const hasValue = c.default !== null && !/^null$/i.test(c.default.trim());
  return constant && (c.nullable || hasValue) && !(c.generated?.stored ?? false);
}

/** DROP COLUMN refuses a column a key, index, constraint, trigger or view uses. */
function canDrop(t: Table, column: string, state: Schema): boolean {
  const keyed = [
    t.primaryKey?.columns ?? [],
    ...t.uniques.map((u) => u.columns),
    ...t.foreignKeys.map((f) => f.columns),
  ].some((cols) => cols.includes(column));
  const indexed = t.indexes.some(
    (i) =>
      i.keys.some((k) => k.column === column || (k.expression !== null && mentions(k.expression, column))) ||
      (i.where !== null && mentions(i.where, column)),
  );
  const used = [
    ...t.checks.map((c) => c.expression),
    ...t.columns.flatMap((c) => (c.generated ? [c.generated.expression] : [])),
    ...t.triggers.map((x) => x.definition),
    ...state.views.filter((v) => mentions(v.definition, t.name)).map((v) => v.definition),
  ].some((text) => mentions(text, column));
  const referenced = state.tables.some((o) =>
    o.foreignKeys.some((f) => sameName(f.references, t) && f.references.columns.includes(column)),
  );
  return !keyed && !indexed && !used && !referenced;
}

function render(c: Change): string[] {
  switch (c.kind) {
    case 'createTable': {
      const own = ownIndexes(c.table);
      return [
        createTableSql(c.table),
        ...c.table.indexes.filter((i) => !own.has(i.name)).map((i) => createIndexSql(i, c.table, 'sqlite', false)),
      ];
    }
    case 'dropTable':
      return [`DROP TABLE ${rel(c.table)}`];
    case 'renameTable':
      return [`ALTER TABLE ${rel(c.table)} RENAME TO ${q(c.to)}`];
    case 'renameColumn':
      return [`ALTER TABLE ${rel(c.table)} RENAME COLUMN ${q(c.from)} TO ${q(c.to)}`];
    case 'createIndex':
      return [createIndexSql(c.index, c.table, 'sqlite', false)];
    case 'dropIndex':
      return [`DROP INDEX ${q(c.index.name)}`];
    case 'createView':
      return [
        `CREATE VIEW ${rel(c.view)} AS ${viewQuery(c.view.definition)}`,
        ...c.view.triggers.map((t) => t.definition),
      ];
    case 'dropView':
      return [`DROP VIEW ${rel(c.view)}`];
    case 'createTrigger':
      return [c.trigger.definition];
    case 'dropTrigger':
      return [`DROP TRIGGER ${q(c.trigger.name)}`];
    default:
      throw new Error(`autogenerate: SQLite has no ${c.kind} (${describeObject(c)})`);
  }
}

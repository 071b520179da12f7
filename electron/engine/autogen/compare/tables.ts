// One table against its target: columns, keys, constraints, indexes, triggers, comments.
// Things are matched by name where the database names them, else by content; a thing whose
// content is unchanged under a new name is renamed (PostgreSQL), not dropped and re-created.
import type { Dialect } from '../../../../shared/model/revision.ts';
import type { Column, Index, QualifiedName, Table } from '../../../../shared/model/schema.ts';
import type { Change, Constraint } from '../operations.ts';
import { constraintName } from '../operations.ts';
import type { Phase, Planned } from '../phases.ts';

import { same } from '../equal.ts';

export { same };

/** Matches two lists: pairs with equal keys, what is only on the left, what is only on the right. */
export function match<T>(
  from: readonly T[],
  to: readonly T[],
  key: (x: T) => string,
): { both: [T, T][]; onlyFrom: T[]; onlyTo: T[] } {
  const right = new Map<string, T>();
  for (const x of to) right.set(key(x), x);
  const both: [T, T][] = [];
  const onlyFrom: T[] = [];
  for (const x of from) {
    const k = key(x);
    const y = right.get(k);
    if (y === undefined) onlyFrom.push(x);
    else {
      both.push([x, y]);
      right.delete(k);
    }
  }
  return { both, onlyFrom, onlyTo: [...right.values()] };
}

function columnShape(c: Column): unknown {
  return [c.type, c.nullable, c.default, c.identity, c.generated, c.collation];
}

/** Pairs named things: by name, then unchanged content under another name (a rename), else dropped / added. */
function pairNamed<T>(
  from: readonly T[],
  to: readonly T[],
  name: (x: T) => string | null,
  content: (x: T) => unknown,
  renames: boolean,
): { changed: [T, T][]; renamed: [T, T][]; dropped: T[]; added: T[] } {
  const exact = match(from, to, (x) => JSON.stringify([name(x), content(x)]));
  const named = match(exact.onlyFrom, exact.onlyTo, (x) =>
    name(x) === null ? `\u0000${JSON.stringify(content(x))}` : `${name(x)}`,
  );
  const changed = named.both.filter(([a]) => name(a) !== null);
  const dropped = [...named.onlyFrom, ...named.both.filter(([a]) => name(a) === null).map(([a]) => a)];
  const added = [...named.onlyTo, ...named.both.filter(([a]) => name(a) === null).map(([, b]) => b)];
  if (!renames) return { changed, renamed: [], dropped, added };
  const moved = match(dropped, added, (x) => JSON.stringify(content(x)));
  return { changed, renamed: moved.both, dropped: moved.onlyFrom, added: moved.onlyTo };
}

function constraintsOf(t: Table): Constraint[] {
  return [
    ...(t.primaryKey ? [{ type: 'primary key' as const, key: t.primaryKey }] : []),
    ...t.uniques.map((unique) => ({ type: 'unique' as const, unique })),
    ...t.checks.map((check) => ({ type: 'check' as const, check })),
    ...t.foreignKeys.map((foreignKey) => ({ type: 'foreign key' as const, foreignKey })),
    ...t.exclusions.map((exclusion) => ({ type: 'exclusion' as const, exclusion })),
  ];
}

function constraintBody(c: Constraint): { readonly name: string | null } {
  switch (c.type) {
    case 'primary key':
      return c.key;
    case 'unique':
      return c.unique;
    case 'check':
      return c.check;
    case 'foreign key':
      return c.foreignKey;
    case 'exclusion':
      return c.exclusion;
  }
}

function constraintContent(c: Constraint): unknown {
  return [c.type, { ...constraintBody(c), name: undefined }];
}

/** The indexes a table's own constraints bring (PostgreSQL names them after the constraint; SQLite's autoindexes). */
export function ownIndexes(t: Table): Set<string> {
  const names = new Set<string>();
  if (t.primaryKey?.name) names.add(t.primaryKey.name);
  for (const u of t.uniques) if (u.name) names.add(u.name);
  for (const i of t.indexes) if (i.name.startsWith('sqlite_autoindex_')) names.add(i.name);
  return names;
}

function indexContent(i: Index): unknown {
  return [i.unique, i.method, i.keys, i.include, i.where, i.nullsNotDistinct];
}

/**
 * The table's own changes, filed by phase. SQLite does everything but indexes and triggers in one place per table (one
 * rebuild).
 */
export function compareTable(from: Table, to: Table, dialect: Dialect): Planned[] {
  const ref: QualifiedName = { schema: to.schema, name: to.name };
  const out: Planned[] = [];
  const tablePhase = (p: Phase): Phase => (dialect === 'sqlite' ? 'columns' : p);
  const put = (phase: Phase, change: Change): void => void out.push({ phase, change });
  const pg = dialect === 'postgres';

  const constraints = pairNamed(constraintsOf(from), constraintsOf(to), constraintName, constraintContent, pg);
  const isFk = (c: Constraint): boolean => c.type === 'foreign key';
  const drops = [...constraints.dropped, ...constraints.changed.map(([a]) => a)];
  const adds = [...constraints.added, ...constraints.changed.map(([, b]) => b)];
  // Even on SQLite a dropped foreign key goes first, in a rebuild of its own: the table it
  // pointed at may be dropped next, and DROP TABLE with foreign keys on deletes (or cascades
  // into) the rows that still reference it.
  for (const c of drops.filter(isFk)) put('dropForeignKeys', { kind: 'dropConstraint', table: ref, constraint: c });
  for (const c of drops.filter((c) => !isFk(c)))
    put(tablePhase('dropConstraints'), { kind: 'dropConstraint', table: ref, constraint: c });
  for (const [a, b] of constraints.renamed) {
    put('dropConstraints', { kind: 'renameConstraint', table: ref, from: constraintName(a)!, to: constraintName(b)! });
  }

  if (!same(from.options, to.options))
    put('columns', { kind: 'alterTableOptions', table: ref, from: from.options, to: to.options });
  const columns = match(from.columns, to.columns, (c) => c.name);
  for (const c of columns.onlyTo) put('columns', { kind: 'addColumn', table: ref, column: c });
  for (const [a, b] of columns.both) {
    if (!same(columnShape(a), columnShape(b)))
      put('columns', { kind: 'alterColumn', table: ref, from: a, to: { ...b, comment: a.comment } });
  }
  for (const c of columns.onlyFrom) put(tablePhase('dropColumns'), { kind: 'dropColumn', table: ref, column: c });
  for (const c of adds.filter((c) => !isFk(c)))
    put(tablePhase('addConstraints'), { kind: 'addConstraint', table: ref, constraint: c });
  for (const c of adds.filter(isFk))
    put(tablePhase('addForeignKeys'), { kind: 'addConstraint', table: ref, constraint: c });

  const skipFrom = ownIndexes(from);
  const skipTo = ownIndexes(to);
  const indexes = pairNamed(
    from.indexes.filter((i) => !skipFrom.has(i.name)),
    to.indexes.filter((i) => !skipTo.has(i.name)),
    (i) => i.name,
    indexContent,
    pg,
  );
  for (const i of [...indexes.dropped, ...indexes.changed.map(([a]) => a)])
    put('dropConstraints', { kind: 'dropIndex', table: ref, index: i });
  for (const [a, b] of indexes.renamed)
    put('dropConstraints', { kind: 'renameIndex', table: ref, from: a.name, to: b.name });
  for (const i of [...indexes.added, ...indexes.changed.map(([, b]) => b)])
    put('addConstraints', { kind: 'createIndex', table: ref, index: i });

  out.push(...compareTriggers(ref, from.triggers, to.triggers));
  if (from.comment !== to.comment)
    put('comments', { kind: 'setComment', target: { kind: 'table', object: ref }, from: from.comment, to: to.comment });
  for (const [a, b] of columns.both) {
    if (a.comment !== b.comment) {
      put('comments', {
        kind: 'setComment',
        target: { kind: 'column', object: ref, column: b.name },
        from: a.comment,
        to: b.comment,
      });
    }
  }
  return out;
}

export function compareTriggers(ref: QualifiedName, from: Table['triggers'], to: Table['triggers']): Planned[] {
  const out: Planned[] = [];
  const triggers = match(from, to, (t) => t.name);
  for (const t of [...triggers.onlyFrom, ...triggers.both.filter(([a, b]) => !same(a, b)).map(([a]) => a)]) {
    out.push({ phase: 'dropTriggers', change: { kind: 'dropTrigger', table: ref, trigger: t } });
  }
  for (const t of [...triggers.onlyTo, ...triggers.both.filter(([a, b]) => !same(a, b)).map(([, b]) => b)]) {
    out.push({ phase: 'createTriggers', change: { kind: 'createTrigger', table: ref, trigger: t } });
  }
  return out;
}

/** Whether a change alters what the table's readers see (a view over it must be dropped and re-created around it). */
export function reshapesTable(c: Change, dialect: Dialect): boolean {
  switch (c.kind) {
    case 'alterColumn':
    case 'dropColumn':
    case 'renameColumn':
    case 'renameTable':
    case 'dropTable':
      return true;
    case 'addConstraint':
    case 'dropConstraint':
    case 'alterTableOptions':
      // SQLite rebuilds the table for these, and its rename checks every view.
      return dialect === 'sqlite';
    default:
      return false;
  }
}

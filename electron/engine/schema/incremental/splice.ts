// The changed tables, as the small shadow built them, put into the model of the old schema.sql
// in place of their old selves, after the checks that the full build would have come to the
// same model: the foreign keys of unchanged tables still find their key, and no name the
// database chose (an index, a constraint) could have come out otherwise beside the others.
import type { Schema, Table } from '../../../../shared/model/schema.ts';
import { byQualifiedName } from '../order.ts';
import { tableKey, type IncrementalPlan } from './plan.ts';

export type SpliceResult =
  { readonly ok: true; readonly schema: Schema } | { readonly ok: false; readonly why: string };

const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x) => b.includes(x));

/** Whether `table` still offers what an unchanged table's foreign key to it needs (as it was: same types). */
function keepsKey(table: Table | undefined, old: Table | undefined, columns: readonly string[]): boolean {
  if (!table || !old) return false;
  for (const name of columns) {
    const now = table.columns.find((c) => c.name === name);
    const was = old.columns.find((c) => c.name === name);
    if (!now || !was || now.type !== was.type || now.collation !== was.collation) return false;
  }
  return (
    (table.primaryKey !== null && sameSet(table.primaryKey.columns, columns)) ||
    table.uniques.some((u) => sameSet(u.columns, columns)) ||
    table.indexes.some(
      (i) =>
        i.unique &&
        i.where === null &&
        i.keys.every((k) => k.column !== null) &&
        sameSet(
          i.keys.map((k) => k.column as string),
          columns,
        ),
    )
  );
}

/** The names the database chose or was given for a table's indexes and constraints. */
function derivedNames(table: Table): string[] {
  return [
    ...(table.primaryKey?.name ? [table.primaryKey.name] : []),
    ...table.uniques.flatMap((u) => (u.name ? [u.name] : [])),
    ...table.foreignKeys.flatMap((f) => (f.name ? [f.name] : [])),
    ...table.checks.flatMap((c) => (c.name ? [c.name] : [])),
    ...table.exclusions.map((e) => e.name),
    ...table.indexes.map((i) => i.name),
  ];
}

/**
 * A name chosen by the database avoids every name already taken (t_a_key, then t_a_key1): a
 * changed table's name equal to, or one digit suffix away from, another's means the order of
 * creation could have decided either, and only the full build knows.
 */
function clashingName(changed: readonly Table[], old: readonly Table[], rest: Schema): string | undefined {
  const stem = (n: string): string => n.replace(/\d+$/, '');
  const others = new Set<string>();
  const otherStems = new Set<string>();
  const add = (n: string): void => {
    others.add(n);
    otherStems.add(stem(n));
  };
  for (const t of rest.tables) {
    add(t.name);
    derivedNames(t).forEach(add);
  }
  for (const v of rest.views) {
    add(v.name);
    v.indexes.forEach((i) => add(i.name));
  }
  rest.sequences.forEach((s) => add(s.name));
  for (const t of [...changed, ...old]) {
    for (const n of derivedNames(t)) {
      if (others.has(n) || others.has(stem(n)) || otherStems.has(n)) return n;
    }
  }
  return undefined;
}

/** The old model with the changed tables (and the sequences they own) taken from `built`, or why not. */
export function spliceTables(model: Schema, built: Schema, plan: IncrementalPlan): SpliceResult {
  const changed = (t: { schema: string; name: string }): boolean => plan.changed.has(tableKey(t));
  const newTables = built.tables.filter(changed);
  const oldTables = model.tables.filter(changed);
  for (const key of plan.changed) {
    if (!newTables.some((t) => tableKey(t) === key) && !oldTables.some((t) => tableKey(t) === key))
      return { ok: false, why: `${key} is not a table in either schema` };
  }
  const owned = (s: Schema['sequences'][number]): boolean => s.ownedBy !== null && changed(s.ownedBy);
  const rest: Schema = {
    ...model,
    tables: model.tables.filter((t) => !changed(t)),
    sequences: model.sequences.filter((s) => !owned(s)),
  };
  // A sequence the small shadow made for a changed table's column (serial) that already stands on its own.
  const stray = built.sequences.find((s) => owned(s) && rest.sequences.some((r) => tableKey(r) === tableKey(s)));
  if (stray) return { ok: false, why: `the sequence ${tableKey(stray)} is also one of the schema's own` };
  for (const t of rest.tables) {
    for (const fk of t.foreignKeys) {
      if (!changed(fk.references)) continue;
      const key = tableKey(fk.references);
      const now = newTables.find((n) => tableKey(n) === key);
      const was = oldTables.find((n) => tableKey(n) === key);
      if (!keepsKey(now, was, fk.references.columns))
        return { ok: false, why: `${tableKey(t)}'s foreign key no longer finds its key in ${key}` };
    }
  }
  const clash = clashingName(newTables, oldTables, rest);
  if (clash !== undefined) return { ok: false, why: `the name ${clash} could have been chosen otherwise` };
  return {
    ok: true,
    schema: {
      ...rest,
      tables: byQualifiedName([...rest.tables, ...newTables]),
      sequences: byQualifiedName([...rest.sequences, ...built.sequences.filter(owned)]),
    },
  };
}

// Whether an edit of schema.sql can be built incrementally, and what the small shadow runs.
// The statements are grouped by the table they act on (classify.ts); the groups whose
// statements differ between the old and the new file are the changed tables. Everything
// else must be exactly as it was, in the same order; a statement that reads a changed table
// (a view, a function), or an object a changed statement may use created after it, or any
// statement of a kind that cannot be attributed sends the edit to the full build. Never a
// guess: every doubt is a full build, which is only slower.
import type { Schema, Table } from '../../../../shared/model/schema.ts';
import { parseStatement, walk } from '../../lint/parse.ts';
import { labelKey, type ClassifiedStatement } from './classify.ts';

export interface IncrementalPlan {
  /** `schema.name` of every table whose group changed (added, removed or edited). */
  readonly changed: ReadonlySet<string>;
  /** The tables the changed statements name, not themselves changed: stubbed from the old model. */
  readonly referenced: readonly Table[];
  /** Every statement of the changed groups, in the new file's order. */
  readonly statements: readonly string[];
}

export type PlanResult =
  | { readonly kind: 'same' }
  | { readonly kind: 'incremental'; readonly plan: IncrementalPlan }
  | { readonly kind: 'full'; readonly why: string };

const full = (why: string): PlanResult => ({ kind: 'full', why });

const keyOf = (s: ClassifiedStatement): string | undefined =>
  s.role.kind === 'table' ? labelKey(s.role.table) : undefined;

export const tableKey = (t: { readonly schema: string; readonly name: string }): string => `${t.schema}.${t.name}`;

function wordsOf(sql: string): Set<string> {
  return new Set((sql.match(/[\p{L}_][\p{L}\p{N}_$]*/gu) ?? []).map((w) => w.toLowerCase()));
}

/** The first position of each group in the file. */
function firstPositions(statements: readonly ClassifiedStatement[]): Map<string, number> {
  const first = new Map<string, number>();
  statements.forEach((s, i) => {
    const key = keyOf(s);
    if (key !== undefined && !first.has(key)) first.set(key, i);
  });
  return first;
}

/** The groups whose statements (in order) differ between the two files. */
function changedGroups(before: readonly ClassifiedStatement[], after: readonly ClassifiedStatement[]): Set<string> {
  const group = (list: readonly ClassifiedStatement[]) => {
    const groups = new Map<string, string[]>();
    for (const s of list) {
      const key = keyOf(s);
      if (key !== undefined) (groups.get(key) ?? groups.set(key, []).get(key)!).push(s.sql);
    }
    return groups;
  };
  const a = group(before);
  const b = group(after);
  const changed = new Set<string>();
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key) ?? [];
    const y = b.get(key) ?? [];
    if (x.length !== y.length || x.some((sql, i) => sql !== y[i])) changed.add(key);
  }
  return changed;
}

/** Tables a statement names (FROM a foreign key's REFERENCES, a LIKE, its own), as keys. */
function namedTables(sql: string): string[] | undefined {
  const parsed = parseStatement(sql);
  if (!parsed.ok) return undefined;
  const out: string[] = [];
  walk(parsed.nodes, (_key, value) => {
    if (typeof value.relname === 'string') {
      const schema = typeof value.schemaname === 'string' ? value.schemaname : '';
      out.push(labelKey({ schema, name: value.relname }));
    }
  });
  return out;
}

/** The rest of the file (what is not in a changed group) must be the same statements in the same order. */
function restUnchanged(
  before: readonly ClassifiedStatement[],
  after: readonly ClassifiedStatement[],
  changed: ReadonlySet<string>,
): boolean {
  const rest = (list: readonly ClassifiedStatement[]) =>
    list.filter((s) => {
      const key = keyOf(s);
      return key === undefined || !changed.has(key);
    });
  const a = rest(before);
  const b = rest(after);
  return a.length === b.length && a.every((s, i) => s.sql === b[i]?.sql);
}

function referencedTables(
  after: readonly ClassifiedStatement[],
  changed: ReadonlySet<string>,
  model: ReadonlyMap<string, Table>,
): Table[] | string {
  const first = firstPositions(after);
  const referenced = new Map<string, Table>();
  for (const [i, s] of after.entries()) {
    const key = keyOf(s);
    if (key === undefined || !changed.has(key)) continue;
    const names = namedTables(s.sql);
    if (names === undefined) return `a statement the parser refuses: ${s.sql.slice(0, 60)}`;
    for (const name of names) {
      if (changed.has(name)) continue;
      const table = model.get(name);
      if (!table) return `${name}, which a changed statement names, is not a table of the schema`;
      // Created after the statement that needs it: the full build fails there, and says where.
      if ((first.get(name) ?? Infinity) > i) return `${name} is created after a statement that names it`;
      referenced.set(name, table);
    }
  }
  return [...referenced.values()];
}

/** A statement outside the changed groups that reads a changed table, or is made after a changed statement needs it. */
function dependsOnChanged(
  after: readonly ClassifiedStatement[],
  changed: ReadonlySet<string>,
  model: Schema,
): string | undefined {
  // The changed tables' names, and those of their indexes and constraints (COMMENT ON INDEX).
  const changedNames = new Set([...changed].map((k) => k.slice(k.indexOf('.') + 1).toLowerCase()));
  for (const t of model.tables) {
    if (!changed.has(tableKey(t))) continue;
    for (const i of t.indexes) changedNames.add(i.name.toLowerCase());
    for (const c of [t.primaryKey, ...t.uniques, ...t.foreignKeys, ...t.checks, ...t.exclusions])
      if (c?.name) changedNames.add(c.name.toLowerCase());
  }
  const changedAt = after.flatMap((s, i) => (changed.has(keyOf(s) ?? '') ? [i] : []));
  const firstChanged = changedAt[0] ?? Infinity;
  const changedWords = new Set(changedAt.flatMap((i) => [...wordsOf(after[i]!.sql)]));
  for (const [i, s] of after.entries()) {
    if (s.role.kind !== 'other') continue;
    for (const word of wordsOf(s.sql)) {
      if (changedNames.has(word)) return `a statement names ${word} of a changed table: ${s.sql.slice(0, 60)}`;
    }
    const creates = s.role.creates?.toLowerCase();
    if (i > firstChanged && creates !== undefined && (creates === '*' || changedWords.has(creates)))
      return `${creates === '*' ? 'an extension' : creates} is made after a changed statement that may use it`;
  }
  return undefined;
}

/** Foreign keys of the other tables to a changed one: that table must be created before them. */
function referencedBeforeReferrers(
  after: readonly ClassifiedStatement[],
  changed: ReadonlySet<string>,
  model: Schema,
): string | undefined {
  const first = firstPositions(after);
  for (const t of model.tables) {
    if (changed.has(tableKey(t))) continue;
    for (const fk of t.foreignKeys) {
      const target = tableKey(fk.references);
      if (!changed.has(target)) continue;
      if ((first.get(target) ?? Infinity) > (first.get(tableKey(t)) ?? -1))
        return `${tableKey(t)} references ${target}, which is no longer created before it`;
    }
  }
  return undefined;
}

/**
 * The plan for going from `before` (whose built schema is `model`) to `after`: the same model,
 * a small shadow of the changed groups, or the full build and why.
 */
export function planIncremental(
  before: readonly ClassifiedStatement[],
  after: readonly ClassifiedStatement[],
  model: Schema,
): PlanResult {
  const odd = [...before, ...after].find((s) => s.role.kind === 'unsafe');
  if (odd?.role.kind === 'unsafe') return full(`${odd.role.why}: ${odd.sql.slice(0, 60)}`);
  if (before.length === after.length && before.every((s, i) => s.sql === after[i]?.sql)) return { kind: 'same' };
  const changed = changedGroups(before, after);
  if (changed.size === 0 || !restUnchanged(before, after, changed))
    return full('statements other than those of tables changed, or moved');
  const tables = new Map(model.tables.map((t) => [tableKey(t), t]));
  const why = dependsOnChanged(after, changed, model) ?? referencedBeforeReferrers(after, changed, model);
  if (why !== undefined) return full(why);
  const referenced = referencedTables(after, changed, tables);
  if (typeof referenced === 'string') return full(referenced);
  const statements = after.filter((s) => changed.has(keyOf(s) ?? '')).map((s) => s.sql);
  return { kind: 'incremental', plan: { changed, referenced, statements } };
}

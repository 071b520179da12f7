// Views against their targets. A view is dropped before what it reads changes shape and
// created again after (PostgreSQL refuses to change the type of a column a view reads, SQLite
// checks every view when a rebuilt table is renamed into place), and so is every view that
// reads a view dropped that way. Views are dropped dependents first and created dependencies first.
import type { Schema, View } from '../../../../shared/model/schema.ts';
import { mentions } from '../identifiers.ts';
import { nameOf, qualified } from '../operations.ts';
import { topological } from '../order.ts';
import type { Planned } from '../phases.ts';
import { compareTriggers, match, same } from './tables.ts';

const readsView = (v: View, others: readonly View[]): string[] =>
  others.filter((o) => o !== v && mentions(v.definition, o.name)).map(qualified);

/** `reshaped`: names (bare) of relations whose readers must be dropped and re-created around the migration. */
export function compareViews(from: Schema, to: Schema, reshaped: ReadonlySet<string>): Planned[] {
  const out: Planned[] = [];
  const shape = (v: View): unknown => [v.materialized, v.definition, v.indexes];
  const views = match(from.views, to.views, qualified);
  const target = new Map(views.both.map(([a, b]) => [qualified(a), b]));
  const recreate = new Set<string>(views.onlyFrom.map(qualified));
  for (const [a, b] of views.both) if (!same(shape(a), shape(b))) recreate.add(qualified(a));
  for (const v of from.views)
    if ([...reshaped].some((name) => mentions(v.definition, name))) recreate.add(qualified(v));
  // Whatever reads a re-created view is re-created too, until nothing more is added.
  for (let grew = true; grew;) {
    grew = false;
    for (const v of from.views) {
      if (recreate.has(qualified(v))) continue;
      if (readsView(v, from.views).some((d) => recreate.has(d))) {
        recreate.add(qualified(v));
        grew = true;
      }
    }
  }
  const dropped = topological(
    from.views.filter((v) => recreate.has(qualified(v))),
    qualified,
    (v) => readsView(v, from.views),
  ).ordered;
  for (const v of dropped.reverse()) out.push({ phase: 'dropViews', change: { kind: 'dropView', view: v } });
  const created = to.views.filter((v) => !target.has(qualified(v)) || recreate.has(qualified(v)));
  for (const v of topological(created, qualified, (v) => readsView(v, to.views)).ordered) {
    out.push({ phase: 'createViews', change: { kind: 'createView', view: v } });
  }
  for (const [a, b] of views.both) {
    if (recreate.has(qualified(a))) continue;
    out.push(...compareTriggers(nameOf(b), a.triggers, b.triggers));
    if (a.comment !== b.comment) {
      const kind = b.materialized ? 'materialized view' : 'view';
      out.push({
        phase: 'comments',
        change: { kind: 'setComment', target: { kind, object: nameOf(b) }, from: a.comment, to: b.comment },
      });
    }
  }
  return out;
}

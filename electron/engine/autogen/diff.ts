// The diff of two schemas: what to run to turn `from` into `to`, as operations in dependency
// order, each with its reverse (the downgrade is the reverses in reverse order), each marked
// when it loses data; and the drop + add pairs that could have been renames.
import type { Dialect } from '../../../shared/model/revision.ts';
import type { Extension, ForeignKey, Schema, Table } from '../../../shared/model/schema.ts';
import { sameName } from './apply.ts';
import { compareTable, match, reshapesTable, same } from './compare/tables.ts';
import { compareDomains, compareEnums, compareRoutines, compareSequences } from './compare/types.ts';
import { compareViews } from './compare/views.ts';
import { isDestructive } from './destructive.ts';
import { enumColumnTables } from './enum-columns.ts';
import type { Change, Operation } from './operations.ts';
import { describeObject, nameOf, qualified, reverseChange } from './operations.ts';
import { topological } from './order.ts';
import { inPhaseOrder, type Planned } from './phases.ts';
import { applyDecisions, renameCandidates, type RenameCandidate, type RenameDecisions } from './renames.ts';

export type { RenameCandidate, RenameDecisions } from './renames.ts';

export interface SchemaDiff {
  readonly operations: readonly Operation[];
  readonly renameCandidates: readonly RenameCandidate[];
}

export function toOperation(change: Change): Operation {
  const reverse = reverseChange(change);
  return {
    kind: change.kind,
    object: describeObject(change),
    change,
    destructive: isDestructive(change),
    reverse,
    reverseDestructive: isDestructive(reverse),
  };
}

/** What must exist before the table: the tables its foreign keys reference, its parent when it is a partition. */
const referencedTables = (t: Table): string[] => [
  ...t.foreignKeys.map((fk) => qualified(fk.references)),
  ...(t.partitionOf ? [qualified(t.partitionOf)] : []),
];

/**
 * New tables, each after the tables it references. PostgreSQL needs a referenced table to exist:
 * a foreign key in a cycle is taken out of its CREATE TABLE and added once all tables exist.
 */
function createdTables(tables: readonly Table[], dialect: Dialect): Planned[] {
  const { ordered, broken } = topological(tables, qualified, referencedTables);
  const out: Planned[] = [];
  for (const t of ordered) {
    const later: ForeignKey[] =
      dialect === 'postgres'
        ? t.foreignKeys.filter((fk) => broken.some((b) => b.from === qualified(t) && b.to === qualified(fk.references)))
        : [];
    const table: Table = { ...t, triggers: [], foreignKeys: t.foreignKeys.filter((fk) => !later.includes(fk)) };
    out.push({ phase: 'createTables', change: { kind: 'createTable', table } });
    for (const fk of later) {
      out.push({
        phase: 'addForeignKeys',
        change: { kind: 'addConstraint', table: nameOf(t), constraint: { type: 'foreign key', foreignKey: fk } },
      });
    }
    for (const trigger of t.triggers)
      out.push({ phase: 'createTriggers', change: { kind: 'createTrigger', table: nameOf(t), trigger } });
  }
  return out;
}

/** Dropped tables, each before the tables it references (the reverse of creating them). */
function droppedTables(tables: readonly Table[], dialect: Dialect): Planned[] {
  const created = createdTables(tables, dialect);
  const reversed = created.map((p) => ({ ...p, change: reverseChange(p.change) }));
  const phaseOf: Record<string, Planned['phase']> = {
    createTables: 'dropTables',
    addForeignKeys: 'dropForeignKeys',
    createTriggers: 'dropTriggers',
  };
  return reversed.reverse().map((p) => ({ ...p, phase: phaseOf[p.phase]! }));
}

/**
 * PostgreSQL refuses to drop a primary key or unique constraint a foreign key depends on: such
 * foreign keys (unchanged themselves) are dropped before it and added again after.
 */
function foreignKeysOverDroppedKeys(planned: readonly Planned[], from: Schema, to: Schema): Planned[] {
  const out: Planned[] = [];
  const droppedFks = new Set(
    planned.flatMap(({ change: c }) =>
      c.kind === 'dropConstraint' && c.constraint.type === 'foreign key'
        ? [`${qualified(c.table)} ${c.constraint.foreignKey.name}`]
        : [],
    ),
  );
  for (const { change: c } of planned) {
    if (c.kind !== 'dropConstraint' || (c.constraint.type !== 'primary key' && c.constraint.type !== 'unique'))
      continue;
    const columns = c.constraint.type === 'primary key' ? c.constraint.key.columns : c.constraint.unique.columns;
    for (const t of from.tables) {
      const target = to.tables.find((x) => sameName(x, t));
      for (const fk of t.foreignKeys) {
        if (
          !sameName(fk.references, c.table) ||
          !same(fk.references.columns, columns) ||
          droppedFks.has(`${qualified(t)} ${fk.name}`)
        )
          continue;
        const again = target?.foreignKeys.find((x) => x.name === fk.name);
        out.push({
          phase: 'dropForeignKeys',
          change: { kind: 'dropConstraint', table: nameOf(t), constraint: { type: 'foreign key', foreignKey: fk } },
        });
        if (again)
          out.push({
            phase: 'addForeignKeys',
            change: { kind: 'addConstraint', table: nameOf(t), constraint: { type: 'foreign key', foreignKey: again } },
          });
        droppedFks.add(`${qualified(t)} ${fk.name}`);
      }
    }
  }
  return out;
}

function compareSchemas(from: Schema, to: Schema): Planned[] {
  const out: Planned[] = [];
  const schemas = match(from.schemas, to.schemas, (s) => s);
  for (const s of schemas.onlyTo) out.push({ phase: 'createSchemas', change: { kind: 'createSchema', name: s } });
  for (const s of schemas.onlyFrom) out.push({ phase: 'dropSchemas', change: { kind: 'dropSchema', name: s } });
  // Created when declared and missing, never dropped: a database often has extensions its host
  // installed (pg_stat_statements…) that no schema.sql names. The render's warnings say so.
  const extensions = match(from.extensions, to.extensions, (e: Extension) => e.name);
  for (const e of extensions.onlyTo)
    out.push({ phase: 'createExtensions', change: { kind: 'createExtension', extension: e } });
  return out;
}

export function diffSchemas(from: Schema, to: Schema, decisions: RenameDecisions): SchemaDiff {
  if (from.dialect !== to.dialect)
    throw new Error(`autogenerate: cannot compare a ${from.dialect} schema with a ${to.dialect} one`);
  const dialect = from.dialect;
  const { renames, renamed } = applyDecisions(from, to, decisions);
  const planned: Planned[] = renames.map((change) => ({ phase: 'renames', change }));
  planned.push(...compareSchemas(renamed, to));
  const tables = match(renamed.tables, to.tables, qualified);
  // A table partitioned another way, or made (or no longer) a partition, is a new table: dropped
  // and created again, so the drop is marked destructive for the reviewer.
  const partitioning = (t: Table): unknown => [t.partitionBy, t.partitionOf];
  const repartitioned = tables.both.filter(([a, b]) => !same(partitioning(a), partitioning(b)));
  const kept = tables.both.filter((pair) => !repartitioned.includes(pair));
  planned.push(...droppedTables([...tables.onlyFrom, ...repartitioned.map(([a]) => a)], dialect));
  planned.push(...createdTables([...tables.onlyTo, ...repartitioned.map(([, b]) => b)], dialect));
  // Most tables are unchanged: one comparison of their text skips the detailed one.
  for (const [a, b] of kept) if (!same(a, b)) planned.push(...compareTable(a, b, dialect));
  if (dialect === 'postgres') planned.push(...foreignKeysOverDroppedKeys(planned, renamed, to));
  const domains = compareDomains(renamed, to);
  planned.push(...domains.drops, ...compareEnums(renamed, to), ...domains.creates);
  planned.push(...compareSequences(renamed, to), ...compareRoutines(renamed, to));

  // Views read tables by name: the old names of renamed tables and the names of reshaped ones.
  const reshaped = new Set<string>();
  for (const { change } of planned) {
    if (change.kind === 'renameTable') reshaped.add(change.table.name).add(change.to);
    else if (reshapesTable(change, dialect) && 'table' in change) reshaped.add(change.table.name);
    else if (change.kind === 'replaceEnum')
      for (const t of enumColumnTables(renamed, change.from)) reshaped.add(t.name);
  }
  planned.push(...compareViews(from, to, reshaped));

  return {
    operations: inPhaseOrder(planned).map((p) => toOperation(p.change)),
    renameCandidates: renameCandidates(renamed, to),
  };
}

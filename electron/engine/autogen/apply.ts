// A change applied to a Schema value, as the database would apply it (structurally: SQL
// texts inside views and expressions are not rewritten). The renderers use it to know each
// table's shape at any point of the migration (a SQLite rebuild copies from the shape before
// to the shape after), and the tests use it to check that a diff leads from one schema to the
// other and its reverses lead back.
import type { ForeignKey, QualifiedName, Schema, Table } from '../../../shared/model/schema.ts';
import type { Change, Constraint } from './operations.ts';
import { renameIdentifier } from './identifiers.ts';
import { constraintName } from './operations.ts';

const byName = <T extends { readonly name: string }>(a: T, b: T): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
const byQualified = <T extends QualifiedName>(a: T, b: T): number =>
  a.schema === b.schema ? byName(a, b) : a.schema < b.schema ? -1 : 1;

export const sameName = (a: QualifiedName, b: QualifiedName): boolean => a.schema === b.schema && a.name === b.name;

function missing(what: string): never {
  throw new Error(`autogenerate: ${what} does not exist in the schema being changed`);
}

export function findTable(schema: Schema, name: QualifiedName): Table | undefined {
  return schema.tables.find((t) => sameName(t, name));
}

function mapTable(schema: Schema, name: QualifiedName, f: (t: Table) => Table): Schema {
  if (!findTable(schema, name)) missing(`table ${name.schema}.${name.name}`);
  return { ...schema, tables: schema.tables.map((t) => (sameName(t, name) ? f(t) : t)).sort(byQualified) };
}

function withConstraint(t: Table, c: Constraint, add: boolean): Table {
  const name = constraintName(c);
  const keep = <T extends { readonly name: string | null }>(
    list: readonly T[],
    item: T,
    same: (x: T) => boolean,
  ): T[] => (add ? [...list, item] : list.filter((x) => !same(x)));
  const eq = (x: unknown, y: unknown): boolean => JSON.stringify(x) === JSON.stringify(y);
  switch (c.type) {
    case 'primary key':
      return { ...t, primaryKey: add ? c.key : null };
    case 'unique':
      return { ...t, uniques: keep(t.uniques, c.unique, (x) => (name === null ? eq(x, c.unique) : x.name === name)) };
    case 'foreign key':
      return {
        ...t,
        foreignKeys: keep(t.foreignKeys, c.foreignKey, (x) => (name === null ? eq(x, c.foreignKey) : x.name === name)),
      };
    case 'check':
      return { ...t, checks: keep(t.checks, c.check, (x) => (name === null ? eq(x, c.check) : x.name === name)) };
    case 'exclusion':
      return { ...t, exclusions: keep(t.exclusions, c.exclusion, (x) => x.name === name).sort(byName) };
  }
}

function renameConstraintIn(t: Table, from: string, to: string): Table {
  const rename = <T extends { readonly name: string | null }>(x: T): T => (x.name === from ? { ...x, name: to } : x);
  return {
    ...t,
    primaryKey: t.primaryKey ? rename(t.primaryKey) : null,
    uniques: t.uniques.map(rename),
    foreignKeys: t.foreignKeys.map(rename),
    checks: t.checks.map(rename),
    exclusions: t.exclusions.map(rename),
    // A unique or primary key constraint's index carries its name.
    indexes: t.indexes.map((i) => (i.name === from ? { ...i, name: to } : i)),
  };
}

function renameColumnIn(t: Table, from: string, to: string): Table {
  const r = (c: string): string => (c === from ? to : c);
  const text = (s: string): string => renameIdentifier(s, from, to);
  const orNull = (s: string | null): string | null => (s === null ? null : text(s));
  return {
    ...t,
    columns: t.columns.map((c) => ({
      ...(c.name === from ? { ...c, name: to } : c),
      generated: c.generated ? { ...c.generated, expression: text(c.generated.expression) } : null,
    })),
    checks: t.checks.map((c) => ({ ...c, expression: text(c.expression) })),
    triggers: t.triggers.map((x) => ({ ...x, definition: text(x.definition) })),
    primaryKey: t.primaryKey ? { ...t.primaryKey, columns: t.primaryKey.columns.map(r) } : null,
    uniques: t.uniques.map((u) => ({ ...u, columns: u.columns.map(r) })),
    foreignKeys: t.foreignKeys.map((f) => ({ ...f, columns: f.columns.map(r) })),
    indexes: t.indexes.map((i) => ({
      ...i,
      keys: i.keys.map((k) => ({
        ...k,
        column: k.column === null ? null : r(k.column),
        expression: orNull(k.expression),
      })),
      include: i.include.map(r),
      where: orNull(i.where),
    })),
  };
}

/** A table rename as the database follows it: into the trigger definitions that name the table. */
function renameTableInTriggers(schema: Schema, from: string, to: string): Schema {
  const follow = <T extends Relation>(owner: T): T => ({
    ...owner,
    triggers: owner.triggers.map((x) => ({ ...x, definition: renameIdentifier(x.definition, from, to) })),
  });
  return { ...schema, tables: schema.tables.map(follow), views: schema.views.map(follow) };
}

/** Foreign keys of every table that point at `target`, rewritten by `f`. */
function mapReferences(schema: Schema, target: QualifiedName, f: (fk: ForeignKey) => ForeignKey): Schema {
  return {
    ...schema,
    tables: schema.tables.map((t) => ({
      ...t,
      foreignKeys: t.foreignKeys.map((fk) => (sameName(fk.references, target) ? f(fk) : fk)),
    })),
  };
}

export function applyChange(schema: Schema, c: Change): Schema {
  switch (c.kind) {
    case 'createSchema':
      return { ...schema, schemas: [...schema.schemas, c.name].sort() };
    case 'dropSchema':
      return { ...schema, schemas: schema.schemas.filter((s) => s !== c.name) };
    case 'createExtension':
      return {
        ...schema,
        extensions: [...schema.extensions, c.extension].sort((a, b) => (a.name < b.name ? -1 : 1)),
      };
    case 'dropExtension':
      return { ...schema, extensions: schema.extensions.filter((e) => e.name !== c.extension.name) };
    case 'createTable':
      return { ...schema, tables: [...schema.tables, c.table].sort(byQualified) };
    case 'dropTable':
      if (!findTable(schema, c.table)) missing(`table ${c.table.schema}.${c.table.name}`);
      return { ...schema, tables: schema.tables.filter((t) => !sameName(t, c.table)) };
    case 'renameTable': {
      const renamed = renameTableInTriggers(
        mapTable(schema, c.table, (t) => ({ ...t, name: c.to })),
        c.table.name,
        c.to,
      );
      return mapReferences(renamed, c.table, (fk) => ({ ...fk, references: { ...fk.references, name: c.to } }));
    }
    case 'addColumn':
      return mapTable(schema, c.table, (t) => ({ ...t, columns: [...t.columns, c.column] }));
    case 'dropColumn':
      return mapTable(schema, c.table, (t) => ({ ...t, columns: t.columns.filter((x) => x.name !== c.column.name) }));
    case 'renameColumn': {
      const renamed = mapTable(schema, c.table, (t) => renameColumnIn(t, c.from, c.to));
      return mapReferences(renamed, c.table, (fk) => ({
        ...fk,
        references: { ...fk.references, columns: fk.references.columns.map((x) => (x === c.from ? c.to : x)) },
      }));
    }
    case 'alterTableOptions':
      return mapTable(schema, c.table, (t) => ({ ...t, options: c.to }));
    case 'alterColumn':
      return mapTable(schema, c.table, (t) => ({
        ...t,
        columns: t.columns.map((x) => (x.name === c.from.name ? c.to : x)),
      }));
    case 'addConstraint':
    case 'dropConstraint':
      return mapTable(schema, c.table, (t) => withConstraint(t, c.constraint, c.kind === 'addConstraint'));
    case 'renameConstraint':
      return mapTable(schema, c.table, (t) => renameConstraintIn(t, c.from, c.to));
    case 'createIndex':
    case 'dropIndex':
    case 'renameIndex':
      return applyIndexChange(schema, c);
    case 'createEnum':
      return { ...schema, enums: [...schema.enums, c.enum].sort(byQualified) };
    case 'dropEnum':
      return { ...schema, enums: schema.enums.filter((e) => !sameName(e, c.enum)) };
    case 'addEnumValue':
    case 'replaceEnum':
      return { ...schema, enums: schema.enums.map((e) => (sameName(e, c.from) ? c.to : e)) };
    case 'createDomain':
      return { ...schema, domains: [...schema.domains, c.domain].sort(byQualified) };
    case 'dropDomain':
      return { ...schema, domains: schema.domains.filter((d) => !sameName(d, c.domain)) };
    case 'alterDomain':
      return { ...schema, domains: schema.domains.map((d) => (sameName(d, c.from) ? c.to : d)) };
    case 'createSequence':
      return { ...schema, sequences: [...schema.sequences, c.sequence].sort(byQualified) };
    case 'dropSequence':
      return { ...schema, sequences: schema.sequences.filter((s) => !sameName(s, c.sequence)) };
    case 'alterSequence':
      return { ...schema, sequences: schema.sequences.map((s) => (sameName(s, c.from) ? c.to : s)) };
    case 'createView':
      return { ...schema, views: [...schema.views, c.view].sort(byQualified) };
    case 'dropView':
      return { ...schema, views: schema.views.filter((v) => !sameName(v, c.view)) };
    case 'createTrigger':
    case 'dropTrigger':
      return mapRelation(schema, c.table, (owner) => ({
        ...owner,
        triggers:
          c.kind === 'createTrigger'
            ? [...owner.triggers, c.trigger].sort(byName)
            : owner.triggers.filter((x) => x.name !== c.trigger.name),
      }));
    case 'createRoutine':
      return { ...schema, routines: [...schema.routines, c.routine].sort(byQualified) };
    case 'dropRoutine':
      return {
        ...schema,
        routines: schema.routines.filter((r) => !(sameName(r, c.routine) && r.arguments === c.routine.arguments)),
      };
    case 'replaceRoutine':
      return {
        ...schema,
        routines: schema.routines.map((r) => (sameName(r, c.from) && r.arguments === c.from.arguments ? c.to : r)),
      };
    case 'setComment':
      return applyComment(schema, c);
  }
}

type Relation = Pick<Table, 'indexes' | 'triggers'>;

/** Indexes and triggers belong to a table or to a (materialized) view. */
function mapRelation(schema: Schema, name: QualifiedName, edit: <T extends Relation>(owner: T) => T): Schema {
  if (findTable(schema, name)) return mapTable(schema, name, edit);
  if (!schema.views.some((v) => sameName(v, name))) missing(`relation ${name.schema}.${name.name}`);
  return { ...schema, views: schema.views.map((v) => (sameName(v, name) ? edit(v) : v)) };
}

function applyIndexChange(
  schema: Schema,
  c: Extract<Change, { kind: 'createIndex' | 'dropIndex' | 'renameIndex' }>,
): Schema {
  return mapRelation(schema, c.table, (owner) => {
    if (c.kind === 'createIndex') return { ...owner, indexes: [...owner.indexes, c.index].sort(byName) };
    if (c.kind === 'dropIndex') return { ...owner, indexes: owner.indexes.filter((i) => i.name !== c.index.name) };
    return { ...owner, indexes: owner.indexes.map((i) => (i.name === c.from ? { ...i, name: c.to } : i)).sort(byName) };
  });
}

function applyComment(schema: Schema, c: Extract<Change, { kind: 'setComment' }>): Schema {
  const { target } = c;
  switch (target.kind) {
    case 'table':
      return mapTable(schema, target.object, (t) => ({ ...t, comment: c.to }));
    case 'column':
      return mapTable(schema, target.object, (t) => ({
        ...t,
        columns: t.columns.map((x) => (x.name === target.column ? { ...x, comment: c.to } : x)),
      }));
    case 'view':
    case 'materialized view':
      return { ...schema, views: schema.views.map((v) => (sameName(v, target.object) ? { ...v, comment: c.to } : v)) };
    case 'type':
      return { ...schema, enums: schema.enums.map((e) => (sameName(e, target.object) ? { ...e, comment: c.to } : e)) };
    case 'domain':
      return {
        ...schema,
        domains: schema.domains.map((d) => (sameName(d, target.object) ? { ...d, comment: c.to } : d)),
      };
    case 'sequence':
      return {
        ...schema,
        sequences: schema.sequences.map((s) => (sameName(s, target.object) ? { ...s, comment: c.to } : s)),
      };
    case 'function':
    case 'procedure':
      return {
        ...schema,
        routines: schema.routines.map((r) =>
          sameName(r, target.object) && r.arguments === target.arguments ? { ...r, comment: c.to } : r,
        ),
      };
  }
}

export function applyChanges(schema: Schema, changes: readonly Change[]): Schema {
  return changes.reduce(applyChange, schema);
}

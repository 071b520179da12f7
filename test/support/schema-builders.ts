// Hand-built Schema values for the diff's unit tests: defaults for every field, so a test
// says only what it is about.
import type { Dialect } from '../../shared/model/revision.ts';
import type {
  Column,
  EnumType,
  ForeignKey,
  Index,
  Routine,
  Schema,
  Sequence,
  Table,
  View,
} from '../../shared/model/schema.ts';

export function column(name: string, type: string, more: Partial<Column> = {}): Column {
  return {
    name,
    type,
    nullable: true,
    default: null,
    identity: null,
    generated: null,
    collation: null,
    comment: null,
    ...more,
  };
}

export function table(name: string, columns: readonly Column[], more: Partial<Table> = {}): Table {
  return {
    schema: 'public',
    name,
    columns,
    primaryKey: null,
    uniques: [],
    foreignKeys: [],
    checks: [],
    exclusions: [],
    partitionBy: null,
    partitionOf: null,
    indexes: [],
    triggers: [],
    comment: null,
    options: [],
    ...more,
  };
}

export function foreignKey(
  name: string | null,
  columns: string[],
  target: string,
  targetColumns: string[],
  more: Partial<ForeignKey> = {},
): ForeignKey {
  return {
    name,
    columns,
    references: { schema: 'public', name: target, columns: targetColumns },
    onDelete: 'no action',
    onUpdate: 'no action',
    match: 'simple',
    deferrable: 'not deferrable',
    notValid: false,
    ...more,
  };
}

export function index(name: string, columns: string[], more: Partial<Index> = {}): Index {
  return {
    name,
    unique: false,
    method: 'btree',
    keys: columns.map((c) => ({
      column: c,
      expression: null,
      descending: false,
      nulls: null,
      collation: null,
      opclass: null,
    })),
    include: [],
    where: null,
    nullsNotDistinct: false,
    definition: '',
    ...more,
  };
}

export function view(name: string, definition: string, more: Partial<View> = {}): View {
  return { schema: 'public', name, materialized: false, definition, indexes: [], triggers: [], comment: null, ...more };
}

export function enumType(name: string, values: string[]): EnumType {
  return { schema: 'public', name, values, comment: null };
}

export function sequence(name: string, more: Partial<Sequence> = {}): Sequence {
  return {
    schema: 'public',
    name,
    dataType: 'bigint',
    start: '1',
    increment: '1',
    min: '1',
    max: '9223372036854775807',
    cache: '1',
    cycle: false,
    ownedBy: null,
    comment: null,
    ...more,
  };
}

export function routine(name: string, definition: string, more: Partial<Routine> = {}): Routine {
  return { schema: 'public', name, arguments: '', kind: 'function', definition, comment: null, ...more };
}

const byName = <T extends { schema: string; name: string }>(xs: readonly T[]): T[] =>
  [...xs].sort((a, b) => (`${a.schema}.${a.name}` < `${b.schema}.${b.name}` ? -1 : 1));

/** A schema of the given parts, sorted as introspection sorts them. */
export function schema(parts: Partial<Schema> = {}, dialect: Dialect = 'postgres'): Schema {
  if (dialect === 'postgres') {
    const s = {
      dialect,
      schemas: [],
      extensions: [],
      views: [],
      enums: [],
      domains: [],
      sequences: [],
      routines: [],
      tables: [],
      ...parts,
    };
    return { ...s, tables: byName(s.tables), views: byName(s.views) };
  }
  // SQLite has one schema, 'main'.
  const tables = (parts.tables ?? []).map((t) => ({
    ...t,
    schema: 'main',
    foreignKeys: t.foreignKeys.map((fk) => ({ ...fk, references: { ...fk.references, schema: 'main' } })),
  }));
  const views = (parts.views ?? []).map((v) => ({ ...v, schema: 'main' }));
  return {
    dialect,
    schemas: [],
    extensions: [],
    enums: [],
    domains: [],
    sequences: [],
    routines: [],
    ...parts,
    tables: byName(tables),
    views: byName(views),
  };
}

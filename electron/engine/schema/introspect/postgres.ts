// A PostgreSQL database's schema from pg_catalog: the whole-database queries of
// postgres-queries.ts, assembled into the model in memory.
import type {
  CheckConstraint,
  Column,
  Deferrable,
  DomainType,
  EnumType,
  ExclusionConstraint,
  ForeignKey,
  Index,
  IndexKey,
  PrimaryKey,
  ReferentialAction,
  Routine,
  Schema,
  Sequence,
  Table,
  Trigger,
  UniqueConstraint,
  View,
} from '../../../../shared/model/schema.ts';
import { byConstraint, byName, byQualifiedName } from '../order.ts';
import { POSTGRES_QUERIES } from './postgres-queries.ts';
import type { QueryFn } from './catalog-query.ts';

interface RelationRow extends Record<string, unknown> {
  oid: string;
  schema: string;
  name: string;
  kind: 'r' | 'p' | 'v' | 'm';
  comment: string | null;
  viewdef: string | null;
  partkey: string | null;
  parent: string | null;
  bound: string | null;
}
interface ColumnRow extends Record<string, unknown> {
  rel: string;
  num: number;
  name: string;
  type: string;
  notnull: boolean;
  expr: string | null;
  identity: '' | 'a' | 'd';
  generated: '' | 's' | 'v';
  collation: string | null;
  comment: string | null;
}
interface ConstraintRow extends Record<string, unknown> {
  rel: string;
  name: string;
  type: 'p' | 'u' | 'f' | 'c' | 'x';
  keys: number[] | null;
  ref: string;
  refkeys: number[] | null;
  onupdate: string;
  ondelete: string;
  match: 'f' | 'p' | 's';
  deferrable: boolean;
  deferred: boolean;
  validated: boolean;
  def: string;
  expr: string | null;
  /** A partition's clone of its parent's constraint, or a check inherited from it. */
  inherited: boolean;
}
interface IndexKeyJson {
  text: string;
  attnum: number;
  option: number | null;
  collation: string | null;
  opclass: string | null;
}
interface IndexRow extends Record<string, unknown> {
  rel: string;
  name: string;
  unique: boolean;
  method: string;
  nkeys: number;
  /** A partition's index attached to its parent's. */
  inherited: boolean;
  def: string;
  predicate: string | null;
  nullsnotdistinct: boolean;
  keys: IndexKeyJson[];
}
interface TriggerRow extends Record<string, unknown> {
  rel: string;
  name: string;
  def: string;
}
interface EnumRow extends Record<string, unknown> {
  schema: string;
  name: string;
  labels: string[];
  comment: string | null;
}
interface DomainRow extends Record<string, unknown> {
  schema: string;
  name: string;
  base: string;
  notnull: boolean;
  default: string | null;
  collation: string | null;
  checks: { name: string; definition: string }[];
  comment: string | null;
}
interface SequenceRow extends Record<string, unknown> {
  schema: string;
  name: string;
  type: string;
  start: string;
  increment: string;
  min: string;
  max: string;
  cache: string;
  cycle: boolean;
  comment: string | null;
  owner_kind: 'a' | 'i' | null;
  owner_rel: string | null;
  owner_column: string | null;
}
interface RoutineRow extends Record<string, unknown> {
  schema: string;
  name: string;
  args: string;
  kind: 'f' | 'p';
  def: string;
  comment: string | null;
}

const ACTIONS: Record<string, ReferentialAction> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};
const MATCH = { f: 'full', p: 'partial', s: 'simple' } as const;

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

function deferrable(row: { deferrable: boolean; deferred: boolean }): Deferrable {
  if (!row.deferrable) return 'not deferrable';
  return row.deferred ? 'deferrable initially deferred' : 'deferrable initially immediate';
}

/** pg_get_expr prints a CHECK's expression in one pair of parentheses of its own; the model keeps what is inside. */
function unwrap(expr: string): string {
  if (!expr.startsWith('(') || !expr.endsWith(')')) return expr;
  let depth = 0;
  for (let i = 0; i < expr.length - 1; i += 1) {
    if (expr[i] === '(') depth += 1;
    if (expr[i] === ')') depth -= 1;
    if (depth === 0) return expr;
  }
  return expr.slice(1, -1);
}

/** An identity's sequence options that differ from what CREATE … AS IDENTITY picks by itself. */
function identityOptions(seq: SequenceRow | undefined): string | null {
  if (!seq) return null;
  const ascending = !seq.increment.startsWith('-');
  const typeMax: Record<string, string> = { smallint: '32767', integer: '2147483647', bigint: '9223372036854775807' };
  const typeMin: Record<string, string> = {
    smallint: '-32768',
    integer: '-2147483648',
    bigint: '-9223372036854775808',
  };
  const defaults = ascending ? { min: '1', max: typeMax[seq.type] ?? '' } : { min: typeMin[seq.type] ?? '', max: '-1' };
  const start = ascending ? defaults.min : defaults.max;
  const parts = [
    seq.start !== start ? `START WITH ${seq.start}` : '',
    seq.increment !== '1' ? `INCREMENT BY ${seq.increment}` : '',
    seq.min !== defaults.min ? `MINVALUE ${seq.min}` : '',
    seq.max !== defaults.max ? `MAXVALUE ${seq.max}` : '',
    seq.cache !== '1' ? `CACHE ${seq.cache}` : '',
    seq.cycle ? 'CYCLE' : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : null;
}

interface Catalog {
  readonly relations: Map<string, RelationRow>;
  readonly columns: Map<string, ColumnRow[]>;
  readonly constraints: Map<string, ConstraintRow[]>;
  readonly indexes: Map<string, IndexRow[]>;
  readonly triggers: Map<string, TriggerRow[]>;
  /** Identity sequences by "relation oid/column name". */
  readonly identities: Map<string, SequenceRow>;
}

function columnName(catalog: Catalog, rel: string, num: number): string {
  return catalog.columns.get(rel)?.find((c) => c.num === num)?.name ?? `#${num}`;
}

function columnOf(row: ColumnRow, catalog: Catalog): Column {
  const generated =
    row.generated !== '' && row.expr !== null ? { expression: row.expr, stored: row.generated === 's' } : null;
  return {
    name: row.name,
    type: row.type,
    nullable: !row.notnull,
    default: generated ? null : row.expr,
    identity:
      row.identity === ''
        ? null
        : {
            generation: row.identity === 'a' ? 'always' : 'by default',
            options: identityOptions(catalog.identities.get(`${row.rel}/${row.name}`)),
          },
    generated,
    collation: row.collation,
    comment: row.comment,
  };
}

function indexOf(row: IndexRow, catalog: Catalog): Index {
  const keys: IndexKey[] = row.keys.slice(0, row.nkeys).map((k) => {
    const descending = ((k.option ?? 0) & 1) === 1;
    const nullsFirst = ((k.option ?? 0) & 2) === 2;
    return {
      column: k.attnum === 0 ? null : columnName(catalog, row.rel, k.attnum),
      expression: k.attnum === 0 ? k.text : null,
      descending,
      // NULLS FIRST is the default of DESC, NULLS LAST of ASC.
      nulls: nullsFirst === descending ? null : nullsFirst ? 'first' : 'last',
      collation: k.collation,
      opclass: k.opclass,
    };
  });
  return {
    name: row.name,
    unique: row.unique,
    method: row.method,
    keys,
    include: row.keys.slice(row.nkeys).map((k) => columnName(catalog, row.rel, k.attnum)),
    where: row.predicate === null ? null : unwrap(row.predicate),
    nullsNotDistinct: row.nullsnotdistinct,
    definition: row.def,
  };
}

interface Constraints {
  primaryKey: PrimaryKey | null;
  uniques: UniqueConstraint[];
  foreignKeys: ForeignKey[];
  checks: CheckConstraint[];
  exclusions: ExclusionConstraint[];
}

function constraintsOf(rel: string, catalog: Catalog, partition: boolean): Constraints {
  const out: Constraints = { primaryKey: null, uniques: [], foreignKeys: [], checks: [], exclusions: [] };
  for (const c of catalog.constraints.get(rel) ?? []) {
    if (partition && c.inherited) continue;
    const columns = (c.keys ?? []).map((n) => columnName(catalog, rel, n));
    if (c.type === 'x') out.exclusions.push({ name: c.name, definition: c.def });
    else if (c.type === 'p') out.primaryKey = { name: c.name, columns, autoincrement: false };
    else if (c.type === 'u')
      out.uniques.push({
        name: c.name,
        columns,
        nullsNotDistinct: /\bNULLS NOT DISTINCT\b/.test(c.def),
        deferrable: deferrable(c),
      });
    else if (c.type === 'c')
      out.checks.push({ name: c.name, expression: unwrap(c.expr ?? ''), notValid: !c.validated });
    else {
      const target = catalog.relations.get(c.ref);
      out.foreignKeys.push({
        name: c.name,
        columns,
        references: {
          schema: target?.schema ?? '',
          name: target?.name ?? '',
          columns: (c.refkeys ?? []).map((n) => columnName(catalog, c.ref, n)),
        },
        onDelete: ACTIONS[c.ondelete] ?? 'no action',
        onUpdate: ACTIONS[c.onupdate] ?? 'no action',
        match: MATCH[c.match],
        deferrable: deferrable(c),
        notValid: !c.validated,
      });
    }
  }
  return out;
}

const triggersOf = (rel: string, catalog: Catalog): Trigger[] =>
  byName((catalog.triggers.get(rel) ?? []).map((t) => ({ name: t.name, definition: t.def })));
const indexesOf = (rel: string, catalog: Catalog): Index[] =>
  byName((catalog.indexes.get(rel) ?? []).filter((i) => !i.inherited).map((i) => indexOf(i, catalog)));

function tableOf(r: RelationRow, catalog: Catalog): Table {
  // A partition's columns are its parent's, whether it was created PARTITION OF or attached.
  const parent = r.parent !== null ? catalog.relations.get(r.parent) : undefined;
  const constraints = constraintsOf(r.oid, catalog, parent !== undefined);
  return {
    schema: r.schema,
    name: r.name,
    columns: parent ? [] : (catalog.columns.get(r.oid) ?? []).map((c) => columnOf(c, catalog)),
    primaryKey: constraints.primaryKey,
    uniques: byConstraint(constraints.uniques),
    foreignKeys: byConstraint(constraints.foreignKeys),
    checks: byConstraint(constraints.checks),
    exclusions: byName(constraints.exclusions),
    partitionBy: r.partkey,
    partitionOf: parent ? { schema: parent.schema, name: parent.name, bound: r.bound ?? '' } : null,
    indexes: indexesOf(r.oid, catalog),
    triggers: triggersOf(r.oid, catalog),
    comment: r.comment,
    options: [],
  };
}

function viewOf(r: RelationRow, catalog: Catalog): View {
  return {
    schema: r.schema,
    name: r.name,
    materialized: r.kind === 'm',
    definition: (r.viewdef ?? '').trim(),
    indexes: indexesOf(r.oid, catalog),
    triggers: triggersOf(r.oid, catalog),
    comment: r.comment,
  };
}

function domainOf(d: DomainRow): DomainType {
  return {
    schema: d.schema,
    name: d.name,
    baseType: d.base,
    default: d.default,
    notNull: d.notnull,
    collation: d.collation,
    checks: d.checks,
    comment: d.comment,
  };
}

function sequenceOf(s: SequenceRow, relations: Map<string, RelationRow>): Sequence {
  const owner = s.owner_rel !== null ? relations.get(s.owner_rel) : undefined;
  return {
    schema: s.schema,
    name: s.name,
    dataType: s.type,
    start: s.start,
    increment: s.increment,
    min: s.min,
    max: s.max,
    cache: s.cache,
    cycle: s.cycle,
    ownedBy:
      owner && s.owner_column !== null ? { schema: owner.schema, name: owner.name, column: s.owner_column } : null,
    comment: s.comment,
  };
}

/**
 * format_type, pg_get_expr and the other printers qualify a name only when the search_path
 * does not find it: two databases (the live one, a fresh shadow) must be read under the same
 * one to print the same texts. The session's own is put back afterwards.
 */
async function underPublicSearchPath<T>(query: QueryFn, read: () => Promise<T>): Promise<T> {
  const [saved] = await query<{ search_path: string }>(
    "SELECT current_setting('search_path') AS search_path, set_config('search_path', 'public', false)",
  );
  try {
    return await read();
  } finally {
    await query("SELECT set_config('search_path', $1, false)", [saved!.search_path]);
  }
}

export function introspectPostgres(query: QueryFn): Promise<Schema> {
  return underPublicSearchPath(query, () => readCatalog(query));
}

async function readCatalog(query: QueryFn): Promise<Schema> {
  const q = POSTGRES_QUERIES;
  // One session answers in order; sent together, the eleven cost about one round trip.
  const [extensions, schemas, relations, columns, constraints, indexes, triggers, enums, domains, sequences, routines] =
    await Promise.all([
      query<{ name: string; schema: string }>(q.extensions),
      query<{ nspname: string }>(q.schemas),
      query<RelationRow>(q.relations),
      query<ColumnRow>(q.columns),
      query<ConstraintRow>(q.constraints),
      query<IndexRow>(q.indexes),
      query<TriggerRow>(q.triggers),
      query<EnumRow>(q.enums),
      query<DomainRow>(q.domains),
      query<SequenceRow>(q.sequences),
      query<RoutineRow>(q.routines),
    ]);
  const relationMap = new Map(relations.map((r) => [r.oid, r]));
  const catalog: Catalog = {
    relations: relationMap,
    columns: groupBy(columns, (c) => c.rel),
    constraints: groupBy(constraints, (c) => c.rel),
    indexes: groupBy(indexes, (i) => i.rel),
    triggers: groupBy(triggers, (t) => t.rel),
    identities: new Map(
      sequences.filter((s) => s.owner_kind === 'i').map((s) => [`${s.owner_rel}/${s.owner_column}`, s]),
    ),
  };
  const enumTypes: EnumType[] = enums.map((e) => ({
    schema: e.schema,
    name: e.name,
    values: e.labels,
    comment: e.comment,
  }));
  const routineList: Routine[] = routines.map((r) => ({
    schema: r.schema,
    name: r.name,
    arguments: r.args,
    kind: r.kind === 'p' ? 'procedure' : 'function',
    definition: r.def.trim(),
    comment: r.comment,
  }));
  return {
    dialect: 'postgres',
    schemas: schemas.map((s) => s.nspname),
    extensions: extensions.map((e) => ({ name: e.name, schema: e.schema })),
    tables: byQualifiedName(relations.filter((r) => r.kind === 'r' || r.kind === 'p').map((r) => tableOf(r, catalog))),
    views: byQualifiedName(relations.filter((r) => r.kind === 'v' || r.kind === 'm').map((r) => viewOf(r, catalog))),
    enums: byQualifiedName(enumTypes),
    domains: byQualifiedName(domains.map(domainOf)),
    sequences: byQualifiedName(sequences.filter((s) => s.owner_kind !== 'i').map((s) => sequenceOf(s, relationMap))),
    routines: byQualifiedName(routineList),
  };
}

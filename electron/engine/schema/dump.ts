// A schema as text, one block per object in a fixed order, each line one fact: what two
// schemas are compared by (equal text, equal schema) and what a failing test prints, so a
// difference reads as a line diff. Built from the model alone, which is already canonical
// (the database's own texts, arrays in their prescribed order).
import type {
  CheckConstraint,
  Column,
  DomainType,
  EnumType,
  ForeignKey,
  Index,
  IndexKey,
  Routine,
  Schema,
  Sequence,
  Table,
  Trigger,
  UniqueConstraint,
  View,
} from '../../../shared/model/schema.ts';

const q = (name: string) => (/^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`);
const qualified = (o: { readonly schema: string; readonly name: string }) => `${q(o.schema)}.${q(o.name)}`;
const list = (names: readonly string[]) => `(${names.map(q).join(', ')})`;
/** Multi-line texts (bodies, view queries) indented under their line, so blocks stay blocks. */
const text = (s: string) => s.trim().replace(/\n/g, '\n    ');
const named = (name: string | null) => (name === null ? '' : ` ${q(name)}`);
const comment = (c: string | null) => (c === null ? [] : [`  comment ${JSON.stringify(c)}`]);

function column(c: Column): string {
  const parts = [`  column ${q(c.name)} ${c.type}`, c.nullable ? 'null' : 'not null'];
  if (c.collation !== null) parts.push(`collate ${c.collation}`);
  if (c.default !== null) parts.push(`default ${c.default}`);
  if (c.identity)
    parts.push(`identity ${c.identity.generation}${c.identity.options ? ` (${c.identity.options})` : ''}`);
  if (c.generated) parts.push(`generated (${c.generated.expression}) ${c.generated.stored ? 'stored' : 'virtual'}`);
  return [parts.join(' '), ...(c.comment === null ? [] : [`    comment ${JSON.stringify(c.comment)}`])].join('\n');
}

function key(k: IndexKey): string {
  const parts = [k.column !== null ? q(k.column) : `(${k.expression ?? ''})`];
  if (k.collation !== null) parts.push(`collate ${k.collation}`);
  if (k.opclass !== null) parts.push(k.opclass);
  if (k.descending) parts.push('desc');
  if (k.nulls !== null) parts.push(`nulls ${k.nulls}`);
  return parts.join(' ');
}

function index(i: Index): string {
  const parts = [
    `  index ${q(i.name)}`,
    i.unique ? 'unique' : '',
    `using ${i.method}`,
    `(${i.keys.map(key).join(', ')})`,
  ];
  if (i.include.length > 0) parts.push(`include ${list(i.include)}`);
  if (i.nullsNotDistinct) parts.push('nulls not distinct');
  if (i.where !== null) parts.push(`where ${i.where}`);
  return `${parts.filter(Boolean).join(' ')}\n    ${text(i.definition)}`;
}

const unique = (u: UniqueConstraint) =>
  `  unique${named(u.name)} ${list(u.columns)}${u.nullsNotDistinct ? ' nulls not distinct' : ''} ${u.deferrable}`;
const check = (c: CheckConstraint) => `  check${named(c.name)} (${c.expression})${c.notValid ? ' not valid' : ''}`;
const trigger = (t: Trigger) => `  trigger ${q(t.name)}\n    ${text(t.definition)}`;

function foreignKey(f: ForeignKey): string {
  const target = `${qualified(f.references)} ${list(f.references.columns)}`;
  return (
    `  foreign key${named(f.name)} ${list(f.columns)} references ${target} on delete ${f.onDelete} ` +
    `on update ${f.onUpdate} match ${f.match} ${f.deferrable}${f.notValid ? ' not valid' : ''}`
  );
}

function table(t: Table): string {
  const pk = t.primaryKey
    ? [
        `  primary key${named(t.primaryKey.name)} ` +
          `${list(t.primaryKey.columns)}${t.primaryKey.autoincrement ? ' autoincrement' : ''}`,
      ]
    : [];
  const options = t.options.length > 0 ? [`  options ${t.options.join(', ')}`] : [];
  const partitioning = [
    ...(t.partitionBy !== null ? [`  partition by ${t.partitionBy}`] : []),
    ...(t.partitionOf !== null ? [`  partition of ${qualified(t.partitionOf)} ${t.partitionOf.bound}`] : []),
  ];
  return [
    `table ${qualified(t)}`,
    ...comment(t.comment),
    ...options,
    ...partitioning,
    ...t.columns.map(column),
    ...pk,
    ...t.uniques.map(unique),
    ...t.foreignKeys.map(foreignKey),
    ...t.checks.map(check),
    ...t.exclusions.map((x) => `  exclusion ${q(x.name)} ${x.definition}`),
    ...t.indexes.map(index),
    ...t.triggers.map(trigger),
  ].join('\n');
}

function view(v: View): string {
  return [
    `${v.materialized ? 'materialized view' : 'view'} ${qualified(v)}`,
    ...comment(v.comment),
    `  as ${text(v.definition)}`,
    ...v.indexes.map(index),
    ...v.triggers.map(trigger),
  ].join('\n');
}

const enumType = (e: EnumType) =>
  [`enum ${qualified(e)} (${e.values.map((v) => JSON.stringify(v)).join(', ')})`, ...comment(e.comment)].join('\n');

function domain(d: DomainType): string {
  const collate = d.collation !== null ? ` collate ${d.collation}` : '';
  return [
    `domain ${qualified(d)} as ${d.baseType}${collate}${d.notNull ? ' not null' : ''}`,
    ...(d.default !== null ? [`  default ${d.default}`] : []),
    ...d.checks.map((c) => `  constraint ${q(c.name)} ${c.definition}`),
    ...comment(d.comment),
  ].join('\n');
}

function sequence(s: Sequence): string {
  const owner = s.ownedBy ? ` owned by ${qualified(s.ownedBy)}.${q(s.ownedBy.column)}` : '';
  return [
    `sequence ${qualified(s)} as ${s.dataType} start ${s.start} increment ${s.increment} ` +
      `min ${s.min} max ${s.max} cache ${s.cache}${s.cycle ? ' cycle' : ''}${owner}`,
    ...comment(s.comment),
  ].join('\n');
}

const routine = (r: Routine) =>
  [`${r.kind} ${qualified(r)}(${r.arguments})`, ...comment(r.comment), `  ${text(r.definition)}`].join('\n');

export function normalizedDump(schema: Schema): string {
  const blocks = [
    `dialect ${schema.dialect}`,
    ...schema.schemas.map((s) => `schema ${q(s)}`),
    ...schema.extensions.map((e) => `extension ${q(e.name)} in ${q(e.schema)}`),
    ...schema.enums.map(enumType),
    ...schema.domains.map(domain),
    ...schema.sequences.map(sequence),
    ...schema.tables.map(table),
    ...schema.views.map(view),
    ...schema.routines.map(routine),
  ];
  return `${blocks.join('\n\n')}\n`;
}

export function sameSchema(a: Schema, b: Schema): boolean {
  return normalizedDump(a) === normalizedDump(b);
}

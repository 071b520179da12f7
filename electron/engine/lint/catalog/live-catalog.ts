// The live catalog: the schema model read from a PostgreSQL database instead of replayed
// from the revisions, plus what only the server knows — its exact version, the session
// TimeZone, every function's volatility. With it the analyzer sees the real column types
// (widen vs shrink), validated CHECKs that prove NOT NULL, DEFAULT partitions, the tables a
// foreign key or a domain drags in, so the preview neither misses nor cries wolf.
import type { Node } from 'libpg-query';
import type { Connection } from '../../dialects/dialect.ts';
import { loadParser, nodeAs, parseStatement } from '../parse.ts';
import type { ColumnType, ConstraintInfo, RelationInfo } from '../schema/model.ts';
import { SchemaModel } from '../schema/model.ts';
import type { Volatility } from '../schema/volatility.ts';
import { boundOf, keyOf } from '../schema/partitions.ts';
import type { RelationKind } from '../types.ts';

export interface LiveCatalog {
  readonly model: SchemaModel;
  /** Major version, e.g. 18 (from server_version_num). */
  readonly pgVersion: number;
  readonly serverVersion: string;
  readonly timeZone: string;
  readonly utcSession: boolean;
  readonly volatility: (name: string) => Volatility | undefined;
}

/** Zones with a fixed zero offset: timestamp ↔ timestamptz needs no rewrite under them. */
const UTC_ZONES: ReadonlySet<string> = new Set([
  'utc',
  'gmt',
  'uct',
  'zulu',
  'universal',
  'greenwich',
  'etc/utc',
  'etc/gmt',
  'etc/uct',
  'etc/zulu',
  'etc/universal',
  'etc/greenwich',
  'gmt0',
  'gmt+0',
  'gmt-0',
  'etc/gmt0',
  'etc/gmt+0',
  'etc/gmt-0',
  'z',
]);

export function isUtcZone(zone: string): boolean {
  return UTC_ZONES.has(zone.toLowerCase());
}

const KINDS: Readonly<Record<string, RelationKind>> = {
  r: 'table',
  f: 'table',
  p: 'partitioned-table',
  v: 'view',
  m: 'matview',
  i: 'index',
  I: 'index',
  S: 'sequence',
};

const USER_SCHEMAS =
  "n.nspname NOT IN ('pg_catalog', 'information_schema') " +
  "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";

/** A column type from pg_type.typname and atttypmod, in the shape the parser gives. */
export function typeFromCatalog(typname: string, typmod: number, elem: string | null): ColumnType {
  const name = elem ?? typname;
  let mods: number[] = [];
  if (typmod >= 0) {
    if (name === 'varchar' || name === 'bpchar') mods = [typmod - 4];
    else if (name === 'numeric') mods = [((typmod - 4) >> 16) & 0xffff, (typmod - 4) & 0xffff];
    else if (name === 'timestamp' || name === 'timestamptz' || name === 'time' || name === 'timetz') mods = [typmod];
    else if (name === 'interval') mods = [typmod & 0xffff];
    else if (name === 'bit' || name === 'varbit') mods = [typmod];
  }
  return { name, mods, array: elem !== null };
}

interface Rel extends Record<string, unknown> {
  oid: number;
  schema: string;
  name: string;
  kind: string;
  persistence: string;
}

export async function loadLiveCatalog(conn: Connection): Promise<LiveCatalog> {
  await loadParser();
  const [settings] = await conn.query<{ num: number; version: string; tz: string }>(
    "SELECT current_setting('server_version_num')::int AS num, " +
      "current_setting('server_version') AS version, current_setting('TimeZone') AS tz",
  );
  const model = new SchemaModel();
  const rels = await conn.query<Rel>(
    `SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS kind, ` +
      `c.relpersistence::text AS persistence FROM pg_class c JOIN pg_namespace n ON n.oid = ` +
      `c.relnamespace WHERE c.relkind IN ('r', 'f', 'p', 'v', 'm', 'i', 'I', 'S') AND ${USER_SCHEMAS}`,
  );
  const byOid = new Map<number, RelationInfo>();
  for (const r of rels) {
    const kind = KINDS[r.kind] ?? 'unknown';
    if (kind === 'index') continue; // added with their table below
    const info = model.add({ schema: r.schema, name: r.name }, kind, false);
    info.unlogged = r.persistence === 'u';
    byOid.set(r.oid, info);
  }
  const oids = [...byOid.keys()];
  const columnNames = new Map<number, Map<number, string>>();
  const columns = await conn.query<{
    oid: number;
    num: number;
    name: string;
    notnull: boolean;
    typmod: number;
    type: string;
    elem: string | null;
  }>(
    `SELECT a.attrelid::int AS oid, a.attnum::int AS num, a.attname AS name, a.attnotnull AS notnull, ` +
      `a.atttypmod AS typmod, t.typname AS type, e.typname AS elem
       FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_type e ON e.oid = t.typelem AND ` +
      `t.typcategory = 'A'
      WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attrelid = ANY($1::oid[])`,
    [oids],
  );
  for (const c of columns) {
    byOid
      .get(c.oid)
      ?.columns.set(c.name, { name: c.name, type: typeFromCatalog(c.type, c.typmod, c.elem), notNull: c.notnull });
    (columnNames.get(c.oid) ?? columnNames.set(c.oid, new Map()).get(c.oid)!).set(c.num, c.name);
  }
  const names = (oid: number, keys: readonly number[] | null): string[] =>
    (keys ?? []).map((k) => (k === 0 ? 'expr' : (columnNames.get(oid)?.get(k) ?? `#${k}`)));

  const indexRels = new Map(rels.filter((r) => r.kind === 'i' || r.kind === 'I').map((r) => [r.oid, r]));
  const indexes = await conn.query<{ oid: number; table: number; unique: boolean; keys: number[] }>(
    'SELECT indexrelid::int AS oid, indrelid::int AS table, indisunique AS unique, ' +
      'indkey::int2[] AS keys FROM pg_index WHERE indrelid = ANY($1::oid[])',
    [oids],
  );
  const indexByOid = new Map<number, RelationInfo>();
  for (const i of indexes) {
    const table = byOid.get(i.table);
    const rel = indexRels.get(i.oid);
    if (!table || !rel) continue;
    indexByOid.set(
      i.oid,
      model.addIndex({ schema: rel.schema, name: rel.name }, table, names(i.table, i.keys), i.unique, false),
    );
  }

  const constraints = await conn.query<{
    oid: number;
    name: string;
    type: string;
    validated: boolean;
    keys: number[] | null;
    ref: number;
    refkeys: number[] | null;
    ondelete: string;
    index: number;
    expr: string | null;
  }>(
    `SELECT conrelid::int AS oid, conname AS name, contype::text AS type, convalidated AS validated, ` +
      `conkey::int2[] AS keys, confrelid::int AS ref, confkey::int2[] AS refkeys,
            confdeltype::text AS ondelete, conindid::int AS index, pg_get_expr(conbin, conrelid) AS expr
       FROM pg_constraint WHERE conrelid = ANY($1::oid[])`,
    [oids],
  );
  for (const c of constraints) {
    const table = byOid.get(c.oid);
    if (!table) continue;
    const info = constraintInfo(
      c,
      names(c.oid, c.keys),
      byOid.get(c.ref)?.key,
      names(c.ref, c.refkeys),
      indexByOid.get(c.index)?.key,
    );
    if (!info) continue;
    model.setConstraint(table, info);
    // PostgreSQL 18 marks attnotnull for a NOT VALID not-null constraint too: the column is
    // not proven non-null until the constraint is validated.
    if (info.kind === 'not-null' && !info.validated)
      for (const col of info.columns) {
        const column = table.columns.get(col);
        if (column) column.notNull = false;
      }
  }

  for (const i of await conn.query<{ child: number; parent: number }>(
    'SELECT inhrelid::int AS child, inhparent::int AS parent FROM pg_inherits',
  )) {
    const child = byOid.get(i.child);
    const parent = byOid.get(i.parent);
    if (child && parent) model.setPartitionOf(child, parent.key);
  }
  for (const p of await conn.query<{ dflt: number }>(
    'SELECT partdefid::int AS dflt FROM pg_partitioned_table WHERE partdefid <> 0',
  )) {
    const d = byOid.get(p.dflt);
    if (d) d.isDefaultPartition = true;
  }
  // Keys and bounds come back as SQL text; the parser reads them as it reads a CREATE TABLE.
  const parts = await conn.query<{ oid: number; key: string | null; bound: string | null }>(
    "SELECT c.oid::int AS oid, CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS key, " +
      'pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_class c WHERE c.oid = ANY($1::oid[]) ' +
      "AND (c.relkind = 'p' OR c.relispartition)",
    [oids],
  );
  for (const p of parts) {
    const rel = byOid.get(p.oid);
    if (!rel) continue;
    const key = p.key
      ? keyOf(nodeAs(parsedNode(`CREATE TABLE x (a int) PARTITION BY ${p.key}`), 'CreateStmt')?.partspec)
      : undefined;
    if (key) rel.partitionKey = key;
    const bound = p.bound
      ? boundOf(nodeAs(parsedNode(`CREATE TABLE x PARTITION OF y ${p.bound}`), 'CreateStmt')?.partbound)
      : undefined;
    if (bound) rel.bound = bound;
  }
  const deps = await conn.query<{ view: number; ref: number; col: number }>(
    `SELECT DISTINCT r.ev_class::int AS view, d.refobjid::int AS ref, d.refobjsubid::int AS col FROM pg_rewrite r
       JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
      WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid <> r.ev_class`,
  );
  for (const d of deps) {
    const view = byOid.get(d.view);
    const ref = byOid.get(d.ref);
    if (!view || !ref) continue;
    model.setDependsOn(view, [...view.dependsOn, ref.key]);
    if (d.col > 0) view.dependsOnColumns.add(columnNames.get(d.ref)?.get(d.col) ?? '');
  }
  for (const t of await conn.query<{ oid: number; name: string }>(
    'SELECT tgrelid::int AS oid, tgname AS name FROM pg_trigger WHERE NOT tgisinternal',
  ))
    byOid.get(t.oid)?.triggers.add(t.name);
  const types = await conn.query<{
    name: string;
    typtype: string;
    base: string | null;
    typmod: number;
    constrained: boolean;
  }>(
    `SELECT t.typname AS name, t.typtype::text AS typtype, b.typname AS base, t.typtypmod AS typmod,
            (t.typnotnull OR EXISTS (SELECT 1 FROM pg_constraint c WHERE c.contypid = t.oid)) AS constrained
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace LEFT JOIN pg_type b ON b.oid = t.typbasetype
      WHERE t.typtype IN ('d', 'e') AND ${USER_SCHEMAS}`,
  );
  for (const t of types) {
    if (t.typtype === 'e') model.enums.add(t.name);
    else
      model.domains.set(t.name, {
        name: t.name,
        base: t.base ? typeFromCatalog(t.base, t.typmod, null) : undefined,
        hasConstraints: t.constrained,
      });
  }

  const procs = await conn.query<{ name: string; v: string }>(
    "SELECT proname AS name, string_agg(DISTINCT provolatile::text, '') AS v FROM pg_proc GROUP BY proname",
  );
  const volatility = new Map<string, Volatility>(
    procs.map((p) => [p.name, p.v.includes('v') ? 'volatile' : p.v.includes('s') ? 'stable' : 'immutable']),
  );
  const num = settings?.num ?? 180000;
  const timeZone = settings?.tz ?? 'UTC';
  return {
    model,
    pgVersion: Math.floor(num / 10000),
    serverVersion: settings?.version ?? String(num),
    timeZone,
    utcSession: isUtcZone(timeZone),
    volatility: (name) => volatility.get(name),
  };
}

function constraintInfo(
  c: { name: string; type: string; validated: boolean; ondelete: string; expr: string | null },
  columns: string[],
  references: string | undefined,
  refColumns: string[],
  index: string | undefined,
): ConstraintInfo | undefined {
  switch (c.type) {
    case 'c': {
      const notNullOf = c.expr ? provesNotNull(c.expr) : undefined;
      return { name: c.name, kind: 'check', validated: c.validated, columns, ...(notNullOf ? { notNullOf } : {}) };
    }
    case 'f':
      return {
        name: c.name,
        kind: 'foreign-key',
        validated: c.validated,
        columns,
        ...(references ? { references } : {}),
        refColumns,
        onDelete: c.ondelete === 'c' ? 'cascade' : c.ondelete === 'n' || c.ondelete === 'd' ? 'set-null' : 'restrict',
      };
    case 'p':
    case 'u':
    case 'x':
      return {
        name: c.name,
        kind: c.type === 'p' ? 'primary-key' : c.type === 'u' ? 'unique' : 'exclude',
        validated: true,
        columns,
        ...(index ? { index } : {}),
      };
    case 'n':
      return { name: c.name, kind: 'not-null', validated: c.validated, columns };
    default:
      return undefined;
  }
}

function parsedNode(sql: string): Node | undefined {
  const parsed = parseStatement(sql);
  return parsed.ok ? parsed.nodes[0] : undefined;
}

/** The column a CHECK expression proves non-null when it is exactly `col IS NOT NULL`. */
function provesNotNull(expr: string): string | undefined {
  const parsed = parseStatement(`SELECT ${expr}`);
  if (!parsed.ok) return undefined;
  const target = nodeAs(nodeAs(parsed.nodes[0], 'SelectStmt')?.targetList?.[0], 'ResTarget')?.val;
  const test = nodeAs(target, 'NullTest');
  if (test?.nulltesttype !== 'IS_NOT_NULL') return undefined;
  const fields = nodeAs(test.arg, 'ColumnRef')?.fields ?? [];
  return nodeAs(fields[fields.length - 1], 'String')?.sval;
}

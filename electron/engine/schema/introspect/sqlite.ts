// A SQLite database's schema from sqlite_master and the pragmas, in five queries whatever the
// number of tables (each pragma joined to sqlite_master as a table-valued function); what the
// pragmas do not say comes from the CREATE text (sqlite-ddl.ts).
import type {
  Column,
  ForeignKey,
  Index,
  IndexKey,
  ReferentialAction,
  Schema,
  Table,
  Trigger,
  UniqueConstraint,
  View,
} from '../../../../shared/model/schema.ts';
import { byConstraint, byName } from '../order.ts';
import type { QueryFn } from './catalog-query.ts';
import { parseCreateIndex, parseCreateTable, viewQuery, type ParsedTable } from './sqlite-ddl.ts';
import { canonicalSql } from './sqlite-tokens.ts';

// Strata's own tables and SQLite's internal ones are no part of the user's schema; nor are
// virtual tables (their modules own their shadow tables).
const USER_OBJECT =
  String.raw`m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND m.tbl_name NOT LIKE 'strata\_%' ESCAPE '\' ` +
  String.raw`AND m.sql IS NOT NULL AND m.sql NOT LIKE 'CREATE VIRTUAL%'`;
const USER_TABLE = `m.type = 'table' AND ${USER_OBJECT}`;

interface MasterRow extends Record<string, unknown> {
  type: string;
  name: string;
  tbl_name: string;
  sql: string;
}
interface ColumnRow extends Record<string, unknown> {
  tbl: string;
  cid: number;
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
  hidden: number;
}
interface IndexRow extends Record<string, unknown> {
  tbl: string;
  name: string;
  unique: number;
  origin: 'c' | 'u' | 'pk';
}
interface IndexKeyRow extends Record<string, unknown> {
  idx: string;
  seqno: number;
  cid: number;
  name: string | null;
  desc: number;
  coll: string | null;
}
interface ForeignKeyRow extends Record<string, unknown> {
  tbl: string;
  id: number;
  ref: string;
  from: string;
  to: string | null;
  on_update: string;
  on_delete: string;
}

const QUERIES = {
  master: `SELECT m.type, m.name, m.tbl_name, m.sql FROM sqlite_master m WHERE ${USER_OBJECT} ORDER BY m.name`,
  columns:
    `SELECT m.name AS tbl, p.cid, p.name, p.type, p."notnull", p.dflt_value, p.pk, ` +
    `p.hidden FROM sqlite_master m JOIN pragma_table_xinfo(m.name) p WHERE ${USER_TABLE} ORDER BY m.name, p.cid`,
  indexes:
    `SELECT m.name AS tbl, il.name, il."unique", ` +
    `il.origin FROM sqlite_master m JOIN pragma_index_list(m.name) il WHERE ${USER_TABLE}`,
  indexKeys:
    `SELECT il.name AS idx, x.seqno, x.cid, x.name, x."desc", ` +
    `x.coll FROM sqlite_master m JOIN pragma_index_list(m.name) il JOIN pragma_index_xinfo(il.name) ` +
    `x WHERE ${USER_TABLE} AND x.key = 1 ORDER BY il.name, x.seqno`,
  foreignKeys:
    `SELECT m.name AS tbl, f.id, f."table" AS ref, f."from", f."to", f.on_update, ` +
    `f.on_delete FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) ` +
    `f WHERE ${USER_TABLE} ORDER BY m.name, f.id, f.seq`,
};

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    out.set(k, [...(out.get(k) ?? []), row]);
  }
  return out;
}

const lower = (s: string) => s.toLowerCase();
const sameColumns = (a: readonly string[], b: readonly string[]) =>
  a.map(lower).join('\u0000') === b.map(lower).join('\u0000');

function action(text: string): ReferentialAction {
  return text.toLowerCase() as ReferentialAction;
}

function columnsOf(rows: readonly ColumnRow[], parsed: ParsedTable): Column[] {
  return rows
    .filter((r) => r.hidden !== 1)
    .map((r) => {
      const expression = parsed.generated.get(lower(r.name));
      const collation = parsed.collations.get(lower(r.name));
      return {
        name: r.name,
        type: canonicalSql(r.type, true),
        nullable: r.notnull === 0,
        default: r.dflt_value === null ? null : canonicalSql(r.dflt_value),
        identity: null,
        generated: expression === undefined ? null : { expression, stored: r.hidden === 3 },
        collation: collation === undefined ? null : collation.toUpperCase(),
        comment: null,
      };
    });
}

function indexKeys(keys: readonly IndexKeyRow[], sql: string | null, columns: readonly Column[]): IndexKey[] {
  const expressions = sql ? parseCreateIndex(sql).keys : [];
  return keys.map((k) => {
    const column = k.cid >= 0 ? columns[k.cid] : undefined;
    const coll = (k.coll ?? 'BINARY').toUpperCase();
    // The collation the key would have anyway (its column's, else BINARY) is not a property of the index.
    const inherited = column?.collation ?? 'BINARY';
    return {
      column: k.cid === -2 ? null : (k.name ?? 'rowid'),
      expression: k.cid === -2 ? (expressions[k.seqno] ?? '') : null,
      descending: k.desc === 1,
      nulls: null,
      collation: coll === inherited ? null : coll,
      opclass: null,
    };
  });
}

interface TableNames {
  readonly name: string;
  readonly columns: readonly string[];
  readonly primaryKey: readonly string[];
}

function foreignKeysOf(
  rows: readonly ForeignKeyRow[],
  parsed: ParsedTable,
  tables: ReadonlyMap<string, TableNames>,
): ForeignKey[] {
  const unmatched = [...parsed.foreignKeys];
  return [...groupBy(rows, (r) => String(r.id)).values()].map((parts) => {
    const first = parts[0]!;
    const own = tables.get(lower(first.tbl));
    const columns = parts.map((p) => own?.columns.find((c) => lower(c) === lower(p.from)) ?? p.from);
    const at = unmatched.findIndex((p) => sameColumns(p.columns, columns) && lower(p.table) === lower(first.ref));
    const found = at >= 0 ? unmatched.splice(at, 1)[0] : undefined;
    // The referenced names as the referenced table spells them (a REFERENCES clause may spell
    // them otherwise); REFERENCES t without columns means t's primary key.
    const referenced = tables.get(lower(first.ref));
    const spelled = (name: string) => referenced?.columns.find((c) => lower(c) === lower(name)) ?? name;
    const target = parts.every((p) => p.to !== null)
      ? parts.map((p) => spelled(p.to!))
      : [...(referenced?.primaryKey ?? [])];
    return {
      name: found?.name ?? null,
      columns,
      references: { schema: 'main', name: referenced?.name ?? first.ref, columns: target },
      onDelete: action(first.on_delete),
      onUpdate: action(first.on_update),
      match: 'simple',
      deferrable: found?.deferrable ?? 'not deferrable',
      notValid: false,
    };
  });
}

interface Rows {
  readonly master: MasterRow[];
  readonly columns: Map<string, ColumnRow[]>;
  readonly indexes: Map<string, IndexRow[]>;
  readonly indexKeys: Map<string, IndexKeyRow[]>;
  readonly foreignKeys: Map<string, ForeignKeyRow[]>;
  readonly triggers: Map<string, Trigger[]>;
  readonly names: Map<string, TableNames>;
}

function tableOf(row: MasterRow, rows: Rows): Table {
  const parsed = parseCreateTable(row.sql);
  const columnRows = rows.columns.get(row.name) ?? [];
  const columns = columnsOf(columnRows, parsed);
  const sqlOf = new Map(rows.master.filter((m) => m.type === 'index').map((m) => [m.name, m.sql]));
  const uniques: UniqueConstraint[] = [];
  const indexes: Index[] = [];
  for (const ix of rows.indexes.get(row.name) ?? []) {
    const keys = indexKeys(rows.indexKeys.get(ix.name) ?? [], sqlOf.get(ix.name) ?? null, columns);
    if (ix.origin === 'u') {
      const keyColumns = keys.map((k) => k.column ?? '');
      const name = parsed.uniques.find((u) => sameColumns(u.columns, keyColumns))?.name ?? null;
      uniques.push({ name, columns: keyColumns, nullsNotDistinct: false, deferrable: 'not deferrable' });
    } else if (ix.origin === 'c') {
      const sql = sqlOf.get(ix.name) ?? '';
      indexes.push({
        name: ix.name,
        unique: ix.unique === 1,
        method: 'btree',
        keys,
        include: [],
        where: parseCreateIndex(sql).where,
        nullsNotDistinct: false,
        definition: canonicalSql(sql),
      });
    }
  }
  const pk = rows.names.get(lower(row.name))?.primaryKey ?? [];
  return {
    schema: 'main',
    name: row.name,
    columns,
    primaryKey: pk.length > 0 ? { name: null, columns: pk, autoincrement: parsed.autoincrement } : null,
    uniques: byConstraint(uniques),
    foreignKeys: byConstraint(foreignKeysOf(rows.foreignKeys.get(row.name) ?? [], parsed, rows.names)),
    checks: byConstraint(parsed.checks.map((c) => ({ ...c, notValid: false }))),
    exclusions: [],
    partitionBy: null,
    partitionOf: null,
    indexes: byName(indexes),
    triggers: rows.triggers.get(lower(row.name)) ?? [],
    comment: null,
    options: parsed.options,
  };
}

export async function introspectSqlite(query: QueryFn): Promise<Schema> {
  const master = await query<MasterRow>(QUERIES.master);
  const columnRows = await query<ColumnRow>(QUERIES.columns);
  const columns = groupBy(columnRows, (r) => r.tbl);
  const names = new Map(
    [...columns].map(([table, cols]) => {
      const primaryKey = cols
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name);
      return [lower(table), { name: table, columns: cols.map((c) => c.name), primaryKey }];
    }),
  );
  const triggerList = master.filter((m) => m.type === 'trigger');
  const rows: Rows = {
    master,
    columns,
    indexes: groupBy(await query<IndexRow>(QUERIES.indexes), (r) => r.tbl),
    indexKeys: groupBy(await query<IndexKeyRow>(QUERIES.indexKeys), (r) => r.idx),
    foreignKeys: groupBy(await query<ForeignKeyRow>(QUERIES.foreignKeys), (r) => r.tbl),
    triggers: new Map(
      [...groupBy(triggerList, (m) => lower(m.tbl_name))].map(([k, ts]) => [
        k,
        byName(ts.map((t) => ({ name: t.name, definition: canonicalSql(t.sql) }))),
      ]),
    ),
    names,
  };
  const views: View[] = master
    .filter((m) => m.type === 'view')
    .map((m) => ({
      schema: 'main',
      name: m.name,
      materialized: false,
      definition: viewQuery(m.sql),
      indexes: [],
      triggers: rows.triggers.get(lower(m.name)) ?? [],
      comment: null,
    }));
  return {
    dialect: 'sqlite',
    schemas: [],
    extensions: [],
    tables: byName(master.filter((m) => m.type === 'table').map((m) => tableOf(m, rows))),
    views: byName(views),
    enums: [],
    domains: [],
    sequences: [],
    routines: [],
  };
}

// What the cost model needs to know about a table, from the live catalog: rows (reltuples),
// heap size, and each index's key (width from pg_stats, whether it is compared by a collation).
import type { PgSession } from '../../dialects/postgres/sessions.ts';
import type { IndexShape, TableShape } from './cost-model.ts';
import type { KeyColumn } from './statement-work.ts';

export interface TableFacts extends TableShape {
  readonly oid: number;
  /** pg_total_relation_size: heap, TOAST and indexes. */
  readonly totalBytes: number;
  /** reltuples as the catalog has it: negative before the first ANALYZE. */
  readonly analyzedRows: number;
  shapeOf(columns: readonly KeyColumn[], name: string): IndexShape;
}

interface ColumnFacts {
  readonly width: number;
  readonly collatable: boolean;
}

/** A key column whose width the catalog does not know: about an md5 text. */
const UNKNOWN_WIDTH = 32;

export function splitName(relation: string): { schema: string; name: string } {
  const dot = relation.indexOf('.');
  return dot < 0
    ? { schema: 'public', name: relation }
    : { schema: relation.slice(0, dot), name: relation.slice(dot + 1) };
}

export async function readTableFacts(client: PgSession, relation: string): Promise<TableFacts | undefined> {
  const { schema, name } = splitName(relation);
  const found = await client.query<{ oid: number; rows: number; bytes: string; heap: string }>(
    `SELECT c.oid::int AS oid, c.reltuples::float8 AS rows, pg_total_relation_size(c.oid)::text AS bytes, ` +
      `pg_relation_size(c.oid)::text AS heap
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2`,
    [schema, name],
  );
  const rel = found[0];
  if (!rel) return undefined;
  const columnRows = await client.query<{ num: number; name: string; len: number; coll: boolean; w: number | null }>(
    `SELECT a.attnum::int AS num, a.attname AS name, a.attlen::int AS len, a.attcollation <> 0 AS coll,
            s.avg_width::int AS w
       FROM pg_attribute a
       LEFT JOIN pg_stats s ON s.schemaname = $2 AND s.tablename = $3 AND s.attname = a.attname AND NOT s.inherited
      WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped`,
    [rel.oid, schema, name],
  );
  const byNum = new Map<number, ColumnFacts>();
  const byName = new Map<string, ColumnFacts>();
  for (const c of columnRows) {
    const facts = { width: c.w ?? (c.len > 0 ? c.len : UNKNOWN_WIDTH), collatable: c.coll };
    byNum.set(c.num, facts);
    byName.set(c.name, facts);
  }
  const shape = (columns: readonly (ColumnFacts | undefined)[], indexName: string): IndexShape => ({
    name: indexName,
    keyWidth: columns.reduce((sum, c) => sum + (c?.width ?? UNKNOWN_WIDTH), 0),
    // An expression key (undefined) is priced as text: lower(email) is the common case.
    textKey: columns[0]?.collatable ?? true,
  });
  const indexRows = await client.query<{ name: string; keys: string }>(
    `SELECT i.indexrelid::regclass::text AS name, array_to_string((i.indkey::int2[])[0:i.indnkeyatts - 1], ',') AS keys
       FROM pg_index i WHERE i.indrelid = $1 ORDER BY i.indexrelid`,
    [rel.oid],
  );
  const indexes = indexRows.map((ix) =>
    shape(
      ix.keys.split(',').map((k) => byNum.get(Number(k))),
      ix.name,
    ),
  );
  const rows = rel.rows < 0 ? 0 : rel.rows;
  return {
    oid: rel.oid,
    name: relation,
    rows,
    analyzedRows: rel.rows,
    heapBytes: Number(rel.heap),
    totalBytes: Number(rel.bytes),
    indexes,
    shapeOf: (columns, indexName) =>
      shape(
        columns.map((c) => (c === null ? undefined : byName.get(c))),
        indexName,
      ),
  };
}

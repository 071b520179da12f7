// How PostgreSQL will validate a new foreign key, asked of its planner. ADD FOREIGN KEY and
// VALIDATE CONSTRAINT check the existing rows with one query, RI_Initial_Check in
// src/backend/utils/adt/ri_triggers.c:
//
//   SELECT fk.a FROM ONLY child fk LEFT OUTER JOIN ONLY parent pk ON (pk.id = fk.a)
//    WHERE pk.id IS NULL AND (fk.a IS NOT NULL)
//
// planned and run with work_mem raised to maintenance_work_mem and hash_mem_multiplier set to 1,
// and prepared by SPI_prepare, which plans without CURSOR_OPT_PARALLEL_OK: the check runs in one
// process, whatever EXPLAIN of the same query typed by hand says (auto_explain of the real
// check on PostgreSQL 18: a serial Hash Anti Join at 10^6 and 10^7 rows, where EXPLAIN of the
// query alone plans a Parallel Hash Anti Join with 2 workers). So the query is explained here
// under those same settings, in a transaction that is rolled back, and the plan says which join
// runs, which side is hashed or sorted, and how many rows and bytes each side brings.
import type { PgSession } from '../../dialects/postgres/sessions.ts';

export interface JoinInput {
  /** The planner's row estimate for this side. */
  readonly rows: number;
  /** Bytes per row the side carries into the join (the plan's width). */
  readonly width: number;
  /** Sorted by the plan before a merge join (a Sort node), not read in order from an index. */
  readonly sorted: boolean;
}

export interface ValidationPlan {
  readonly method: 'hash' | 'merge' | 'nested-loop';
  /** The side read row by row: the hash join's probe side, the merge's or the loop's outer. */
  readonly probe: JoinInput;
  /** The side built first: the hash join's hashed side, the merge's or the loop's inner. */
  readonly build: JoinInput;
}

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Plan Rows': number;
  readonly 'Plan Width': number;
  readonly Plans?: readonly PlanNode[];
}

const METHODS: Readonly<Record<string, ValidationPlan['method']>> = {
  'Hash Join': 'hash',
  'Merge Join': 'merge',
  'Nested Loop': 'nested-loop',
};

function input(node: PlanNode): JoinInput {
  // The row count and width of what feeds the join: below a Hash or a Sort, the same rows.
  return { rows: node['Plan Rows'], width: node['Plan Width'], sorted: node['Node Type'] === 'Sort' };
}

/** The first join of an EXPLAIN (FORMAT JSON) plan tree, as the cost model reads it; undefined if there is none. */
export function joinOf(node: PlanNode): ValidationPlan | undefined {
  const method = METHODS[node['Node Type']];
  const [outer, inner] = node.Plans ?? [];
  if (method && outer && inner) return { method, probe: input(outer), build: input(inner) };
  for (const child of node.Plans ?? []) {
    const found = joinOf(child);
    if (found) return found;
  }
  return undefined;
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The referenced table's primary key columns, in key order. */
async function primaryKey(client: PgSession, oid: number): Promise<string[]> {
  const rows = await client.query<{ name: string }>(
    `SELECT a.attname AS name FROM pg_index i
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey::int2[])
      WHERE i.indrelid = $1 AND i.indisprimary
      ORDER BY array_position(i.indkey::int2[], a.attnum)`,
    [oid],
  );
  return rows.map((r) => r.name);
}

export interface ValidationQuery {
  readonly table: { readonly oid: number };
  readonly columns: readonly string[];
  readonly referenced: { readonly oid: number };
  /** Empty: the referenced table's primary key. */
  readonly referencedColumns: readonly string[];
}

/**
 * The plan of the foreign-key check, or undefined when it cannot be had (a key that does not
 * match, a missing privilege): the cost model then assumes the usual hash anti-join.
 */
export async function readValidationPlan(client: PgSession, q: ValidationQuery): Promise<ValidationPlan | undefined> {
  const pkColumns = q.referencedColumns.length > 0 ? q.referencedColumns : await primaryKey(client, q.referenced.oid);
  if (pkColumns.length === 0 || pkColumns.length !== q.columns.length) return undefined;
  const names = await client.query<{ fk: string; pk: string; fkpart: boolean; pkpart: boolean }>(
    `SELECT $1::oid::regclass::text AS fk, $2::oid::regclass::text AS pk,
            (SELECT relkind = 'p' FROM pg_class WHERE oid = $1) AS fkpart,
            (SELECT relkind = 'p' FROM pg_class WHERE oid = $2) AS pkpart`,
    [q.table.oid, q.referenced.oid],
  );
  const rel = names[0];
  if (!rel) return undefined;
  const fk = q.columns.map((c) => `fk.${quote(c)}`);
  const pk = pkColumns.map((c) => `pk.${quote(c)}`);
  const on = pk.map((p, i) => `${p} = ${fk[i]}`).join(' AND ');
  const sql =
    `SELECT ${fk.join(', ')} FROM ${rel.fkpart ? '' : 'ONLY '}${rel.fk} fk ` +
    `LEFT OUTER JOIN ${rel.pkpart ? '' : 'ONLY '}${rel.pk} pk ON (${on}) ` +
    `WHERE ${pk[0]} IS NULL AND (${fk.map((f) => `${f} IS NOT NULL`).join(' AND ')})`;
  await client.query('BEGIN');
  try {
    // RI_Initial_Check's settings; parallel workers off, as SPI_prepare plans.
    await client.query(
      `SELECT set_config('work_mem', current_setting('maintenance_work_mem'), true),
              set_config('hash_mem_multiplier', '1', true),
              set_config('max_parallel_workers_per_gather', '0', true)`,
    );
    const explained = await client.query<{ 'QUERY PLAN': readonly { Plan: PlanNode }[] }>(
      `EXPLAIN (FORMAT JSON) ${sql}`,
    );
    const plan = explained[0]?.['QUERY PLAN'][0]?.Plan;
    return plan ? joinOf(plan) : undefined;
  } catch {
    return undefined;
  } finally {
    await client.query('ROLLBACK').catch(() => {});
  }
}

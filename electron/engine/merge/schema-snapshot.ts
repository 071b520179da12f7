// A database's schema as comparable data, for the shadow check (commute.ts): two databases
// that end the same way give equal snapshots. Strata's own tables are left out by name.
// Column order is not part of it: two branches that each add a column give the columns in
// either order, and that difference is not a conflict.
import type { Connection } from '../dialects/dialect.ts';

export interface SchemaSnapshot {
  /** What each part of the schema holds, as rows of text, sorted. */
  readonly parts: Readonly<Record<string, readonly string[]>>;
}

const POSTGRES_PARTS: Readonly<Record<string, string>> = {
  columns:
    "SELECT table_schema || '.' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable " +
    "|| ' ' || coalesce(column_default, '') AS row FROM information_schema.columns WHERE table_schema NOT " +
    "IN ('pg_catalog', 'information_schema') AND table_name NOT LIKE 'strata\\_%'",
  indexes:
    "SELECT schemaname || '.' || indexname || ' ' || indexdef AS row FROM pg_indexes WHERE " +
    "schemaname NOT IN ('pg_catalog', 'information_schema') AND tablename NOT LIKE 'strata\\_%'",
  constraints:
    "SELECT n.nspname || '.' || t.relname || '.' || c.conname || ' ' || pg_get_constraintdef(c.oid) " +
    "|| ' ' || c.convalidated AS row FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid " +
    "JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname NOT IN ('pg_catalog', " +
    "'information_schema') AND t.relname NOT LIKE 'strata\\_%'",
  enums:
    "SELECT n.nspname || '.' || t.typname || ' ' || array_agg(e.enumlabel ORDER BY " +
    'e.enumsortorder)::text AS row FROM pg_type t JOIN pg_enum e ON e.enumtypid = ' +
    't.oid JOIN pg_namespace n ON n.oid = t.typnamespace GROUP BY n.nspname, t.typname',
  views:
    "SELECT schemaname || '.' || viewname || ' ' || definition AS row FROM " +
    "pg_views WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
  functions:
    "SELECT n.nspname || '.' || p.proname || ' ' || p.prosrc AS row FROM pg_proc p JOIN pg_namespace " +
    "n ON n.oid = p.pronamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')",
  triggers: "SELECT tgrelid::regclass::text || '.' || tgname AS row FROM pg_trigger WHERE NOT tgisinternal",
};

const SQLITE_PARTS: Readonly<Record<string, string>> = {
  columns:
    "SELECT m.name || '.' || c.name || ' ' || c.type || ' ' || c.\"notnull\" || ' ' || coalesce(c.dflt_value, " +
    "'') || ' ' || c.pk AS row FROM sqlite_master m, pragma_table_info(m.name) " +
    "c WHERE m.type = 'table' AND m.name NOT LIKE 'strata\\_%' ESCAPE '\\' AND m.name NOT LIKE 'sqlite\\_%' " +
    "ESCAPE '\\'",
  objects:
    "SELECT type || ' ' || name || ' ' || tbl_name || ' ' || coalesce(sql, " +
    "'') AS row FROM sqlite_master WHERE type <> 'table' AND name NOT LIKE " +
    "'strata\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
  foreignKeys:
    "SELECT m.name || ' ' || f.\"from\" || ' -> ' || f.\"table\" || '.' || coalesce(f.\"to\", '') " +
    "|| ' ' || f.on_delete AS row FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'",
};

export async function snapshotSchema(conn: Connection): Promise<SchemaSnapshot> {
  const queries = conn.sql.name === 'postgres' ? POSTGRES_PARTS : SQLITE_PARTS;
  const parts: Record<string, string[]> = {};
  for (const [part, sql] of Object.entries(queries))
    parts[part] = (await conn.query<{ row: string }>(sql)).map((r) => r.row).sort();
  return { parts };
}

/** The first difference between two snapshots, in words; undefined when they are equal. */
export function firstDifference(
  a: SchemaSnapshot,
  b: SchemaSnapshot,
  names: readonly [string, string],
): string | undefined {
  for (const part of Object.keys(a.parts)) {
    const x = new Set(a.parts[part]);
    const y = new Set(b.parts[part]);
    const onlyX = [...x].find((row) => !y.has(row));
    if (onlyX !== undefined) return `${part}: '${onlyX}' only after ${names[0]}`;
    const onlyY = [...y].find((row) => !x.has(row));
    if (onlyY !== undefined) return `${part}: '${onlyY}' only after ${names[1]}`;
  }
  return undefined;
}

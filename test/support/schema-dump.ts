// A comparable description of a database's schema (user objects and Strata's version rows),
// to prove that two ways of migrating leave the same database.
import type { Connection } from '../../electron/engine/dialects/dialect.ts';

export interface SchemaDump {
  readonly objects: readonly unknown[];
  readonly versionRows: readonly string[];
  readonly history: readonly string[];
}

const POSTGRES_QUERIES = [
  'SELECT table_name, column_name, data_type, is_nullable, ' +
    'column_default FROM information_schema.columns WHERE table_schema ' +
    "= 'public' AND table_name NOT LIKE 'strata_%' ORDER BY 1, 2",
  "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE 'strata_%' ORDER BY 1",
  'SELECT c.conname, pg_get_constraintdef(c.oid) AS def, ' +
    'c.convalidated FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid WHERE ' +
    "c.connamespace = 'public'::regnamespace AND t.relname NOT LIKE 'strata_%' ORDER BY 1, 2",
  'SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text AS labels ' +
    'FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY 1 ORDER BY 1',
  "SELECT proname, prosrc FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY 1",
  'SELECT tgname, tgrelid::regclass::text AS rel FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1',
  "SELECT viewname, definition FROM pg_views WHERE schemaname = 'public' ORDER BY 1",
];

const SQLITE_QUERIES = [
  'SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE ' +
    "'strata_%' AND name NOT LIKE 'sqlite_%' ORDER BY type, name",
];

export async function dumpSchema(conn: Connection): Promise<SchemaDump> {
  const queries = conn.sql.name === 'postgres' ? POSTGRES_QUERIES : SQLITE_QUERIES;
  const objects: unknown[] = [];
  for (const q of queries) objects.push(await conn.query(q));
  const versionRows = (
    await conn.query<{ version_num: string }>('SELECT version_num FROM strata_version ORDER BY 1')
  ).map((r) => r.version_num);
  const history = (
    await conn.query<{ h: string }>(
      "SELECT revision || ' ' || direction || ' ' || outcome || ' ' || checksum AS h FROM strata_history ORDER BY id",
    )
  ).map((r) => r.h);
  return { objects, versionRows, history };
}

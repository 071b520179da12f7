// A live database's schema as the model describes it (shared/model/schema.ts), whichever the
// dialect: a few bulk catalog queries, never one per table. Strata's own tables (strata_*)
// are left out, and so are the tables named in `excluded` (a project's version table when it
// has another name).
import type { Schema } from '../../../shared/model/schema.ts';
import type { Connection } from '../dialects/dialect.ts';
import { introspectPostgres } from './introspect/postgres.ts';
import { introspectSqlite } from './introspect/sqlite.ts';

export async function introspect(conn: Connection, excluded: readonly string[] = []): Promise<Schema> {
  const query: Connection['query'] = (statement, params) => conn.query(statement, params);
  const schema = conn.sql.name === 'postgres' ? await introspectPostgres(query) : await introspectSqlite(query);
  // SQLite names are case-insensitive; PostgreSQL's stored names are exact.
  const fold = (name: string) => (schema.dialect === 'sqlite' ? name.toLowerCase() : name);
  const left = new Set(excluded.map(fold));
  return left.size === 0 ? schema : { ...schema, tables: schema.tables.filter((t) => !left.has(fold(t.name))) };
}

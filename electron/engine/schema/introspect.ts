// A live database's schema as the model describes it (shared/model/schema.ts), whichever the
// dialect: a few bulk catalog queries, never one per table. Strata's own tables are left out.
import type { Schema } from '../../../shared/model/schema.ts';
import type { Connection } from '../dialects/dialect.ts';
import { introspectPostgres } from './introspect/postgres.ts';
import { introspectSqlite } from './introspect/sqlite.ts';

export function introspect(conn: Connection): Promise<Schema> {
  const query: Connection['query'] = (statement, params) => conn.query(statement, params);
  return conn.sql.name === 'postgres' ? introspectPostgres(query) : introspectSqlite(query);
}

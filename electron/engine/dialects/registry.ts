// From a URL to a dialect and a connection. A postgres:// URL is PostgreSQL; anything else
// is a SQLite file path (optionally written sqlite:PATH or sqlite:///PATH).
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Dialect } from '../../../shared/model/revision.ts';
import type { Connection, DialectSql } from './dialect.ts';
import { PostgresConnection, postgresSql, redactUrl } from './postgres/postgres-driver.ts';
import { SqliteConnection, sqliteSql } from './sqlite/sqlite-driver.ts';

export type DatabaseTarget =
  { readonly dialect: 'postgres'; readonly url: string } | { readonly dialect: 'sqlite'; readonly path: string };

export function dialectSql(dialect: Dialect): DialectSql {
  return dialect === 'postgres' ? postgresSql : sqliteSql;
}

export function parseDatabaseUrl(url: string, baseDir: string): DatabaseTarget {
  if (/^postgres(ql)?:\/\//i.test(url)) return { dialect: 'postgres', url };
  const path = url.replace(/^sqlite:(\/\/)?/i, '');
  if (path === '') throw new Error(`'${url}' names no SQLite file`);
  return { dialect: 'sqlite', path: isAbsolute(path) || path === ':memory:' ? path : resolve(baseDir, path) };
}

export function describeTarget(target: DatabaseTarget): string {
  return target.dialect === 'postgres' ? redactUrl(target.url) : `sqlite:${target.path}`;
}

export async function connect(target: DatabaseTarget): Promise<Connection> {
  if (target.dialect === 'postgres') return PostgresConnection.connect(target.url);
  return new SqliteConnection(target.path);
}

/**
 * A SQLite file that is not there yet: a database with nothing applied. Opening it would
 * create it (better-sqlite3 creates the file on open), so what only reads (a status,
 * `current`, a plan, a test) asks this first and answers without opening; a run creates it.
 */
export function notCreatedYet(target: DatabaseTarget): boolean {
  return target.dialect === 'sqlite' && target.path !== ':memory:' && !existsSync(target.path);
}

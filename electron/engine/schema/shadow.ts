// A shadow database: an empty, throwaway database where a schema is built to be looked at
// (schema.sql applied, or the migrations run to their heads), never the user's own.
// SQLite: a file in a temporary folder (every connection sees it, as the runner needs).
// PostgreSQL, in order: the database `shadowUrl` names (emptied before and after use); a
// scratch database strata_shadow_<random> on `serverUrl`'s server when the role may create
// one; else an embedded PostgreSQL started for the occasion.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dialect } from '../../../shared/model/revision.ts';
import type { Schema } from '../../../shared/model/schema.ts';
import { HISTORY_TABLE, PipelineFailure, type Connection } from '../dialects/dialect.ts';
import { startEmbeddedServer } from '../dialects/postgres/embedded-server.ts';
import { connect, describeTarget, type DatabaseTarget } from '../dialects/registry.ts';
import { planUpgrade } from '../graph/plan.ts';
import type { Project } from '../project/project.ts';
import { runMigration } from '../runner/runner.ts';
import { splitStatements, type Statement } from '../sql/statements.ts';
import { introspect } from './introspect.ts';

export interface ShadowOptions {
  readonly dialect: Dialect;
  /** A PostgreSQL database to use as the shadow; its contents are thrown away. */
  readonly shadowUrl?: string | undefined;
  /** A live PostgreSQL URL whose server may host a scratch database. */
  readonly serverUrl?: string | undefined;
}

export interface Shadow {
  readonly target: DatabaseTarget;
  connect(): Promise<Connection>;
  /** Removes the shadow (the file, the scratch database, the embedded server); safe to call twice. */
  drop(): Promise<void>;
}

/** The same database: host, port and database name (user and password aside). */
function sameDatabase(a: string, b: string): boolean {
  const key = (u: string) => {
    const url = new URL(u);
    return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  };
  return key(a) === key(b);
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function withConnection<T>(target: DatabaseTarget, use: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = await connect(target);
  try {
    return await use(conn);
  } finally {
    await conn.close();
  }
}

function once(action: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= action());
}

function shadowOf(target: DatabaseTarget, drop: () => Promise<void>, prepare: readonly string[] = []): Shadow {
  const open = async () => {
    const conn = await connect(target);
    for (const statement of prepare) await conn.execute(statement);
    return conn;
  };
  return { target, connect: open, drop: once(drop) };
}

// A throwaway file needs no durability: no sync to disk and no journal file on each commit.
const SQLITE_SCRATCH = ['PRAGMA journal_mode = MEMORY', 'PRAGMA synchronous = OFF'];

// Every extension and user schema, and everything in public, dropped: what a fresh database
// holds again. Extensions first: their members refuse to be dropped one by one.
const EMPTY_DATABASE = String.raw`DO $strata$ DECLARE r record; BEGIN
  FOR r IN SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' LOOP
    EXECUTE format('DROP EXTENSION %I CASCADE', r.extname);
  END LOOP;
  FOR r IN SELECT nspname FROM pg_namespace
      WHERE nspname NOT IN ('public', 'pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\_%' LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname);
  END LOOP;
  -- An identity column's sequence goes with its table (it cannot be dropped on its own).
  FOR r IN SELECT relname, relkind FROM pg_class c
      WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d
        WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'i')
  LOOP
    EXECUTE format('DROP %s IF EXISTS public.%I CASCADE',
      CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
        WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
      r.relname);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS sig, p.prokind FROM pg_proc p
      WHERE p.pronamespace = 'public'::regnamespace AND p.prokind IN ('f', 'p', 'a', 'w') LOOP
    EXECUTE format('DROP %s IF EXISTS %s CASCADE',
      CASE r.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END, r.sig);
  END LOOP;
  FOR r IN SELECT t.typname FROM pg_type t
      WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd', 'c', 'r', 'm')
      AND (t.typtype <> 'c' OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c') LOOP
    EXECUTE format('DROP TYPE IF EXISTS public.%I CASCADE', r.typname);
  END LOOP;
END $strata$`;

async function namedShadow(shadowUrl: string, serverUrl: string | undefined): Promise<Shadow> {
  if (serverUrl !== undefined && sameDatabase(shadowUrl, serverUrl))
    throw new Error(
      `the shadow database ${describeTarget({ dialect: 'postgres', url: shadowUrl })} is the live database itself: ` +
        `name another one (its contents are thrown away)`,
    );
  const target: DatabaseTarget = { dialect: 'postgres', url: shadowUrl };
  const empty = () => withConnection(target, (conn) => conn.execute(EMPTY_DATABASE));
  await empty();
  return shadowOf(target, empty);
}

/** A scratch database on serverUrl's server, or undefined when the role may not create one. */
async function scratchShadow(serverUrl: string): Promise<Shadow | undefined> {
  const server: DatabaseTarget = { dialect: 'postgres', url: serverUrl };
  const name = `strata_shadow_${randomBytes(6).toString('hex')}`;
  const created = await withConnection(server, async (conn) => {
    const [role] = await conn.query<{ may: boolean }>(
      'SELECT rolcreatedb OR rolsuper AS may FROM pg_roles WHERE rolname = current_user',
    );
    if (role?.may !== true) return false;
    // Another session can still refuse (a connection limit, no template access): then the embedded server.
    return conn.execute(`CREATE DATABASE ${name}`).then(
      () => true,
      () => false,
    );
  });
  if (!created) return undefined;
  return shadowOf({ dialect: 'postgres', url: withDatabase(serverUrl, name) }, () =>
    withConnection(server, (conn) => conn.execute(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  );
}

async function embeddedShadow(): Promise<Shadow> {
  const server = await startEmbeddedServer();
  return shadowOf({ dialect: 'postgres', url: server.url }, () => server.stop());
}

export async function openShadow(options: ShadowOptions): Promise<Shadow> {
  if (options.dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'strata-shadow-'));
    return shadowOf(
      { dialect: 'sqlite', path: join(dir, 'shadow.sqlite') },
      async () => rmSync(dir, { recursive: true, force: true }),
      SQLITE_SCRATCH,
    );
  }
  if (options.shadowUrl !== undefined) return namedShadow(options.shadowUrl, options.serverUrl);
  const scratch = options.serverUrl !== undefined ? await scratchShadow(options.serverUrl) : undefined;
  return scratch ?? embeddedShadow();
}

/** The SQL of `file` failed at `line`. */
export class SchemaSqlError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'SchemaSqlError';
  }
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** One after the other, each committed on its own: slow, but every statement can run so. */
async function applyOneByOne(conn: Connection, statements: readonly Statement[], file: string): Promise<void> {
  for (const statement of statements) {
    try {
      await conn.execute(statement.sql);
    } catch (error) {
      throw new SchemaSqlError(file, statement.line, reason(error));
    }
  }
}

/**
 * In one transaction, pipelined where the connection can: one commit and (PostgreSQL) one
 * round trip for the whole file, instead of one each per statement (1,000 tables: seconds).
 * A failure rolls it all back, and the file runs again one statement at a time: a statement
 * that refuses a transaction block then succeeds, and a real error is named with its line.
 */
export async function applySql(conn: Connection, sql: string, file: string): Promise<void> {
  const statements = splitStatements(sql);
  await conn.execute(conn.sql.beginTransaction());
  try {
    await conn.executePipelined(
      statements.map((s) => s.sql),
      () => {},
    );
    await conn.execute('COMMIT');
    return;
  } catch (error) {
    await conn.execute('ROLLBACK');
    if (!(error instanceof PipelineFailure)) throw error;
  }
  await applyOneByOne(conn, statements, file);
}

/** Applies `sql` (the text of `file`) to the shadow and introspects the result. */
export async function schemaOfSql(shadow: Shadow, sql: string, file: string): Promise<Schema> {
  const conn = await shadow.connect();
  try {
    await applySql(conn, sql, file);
    return await introspect(conn);
  } finally {
    await conn.close();
  }
}

/** Upgrades the shadow to every head with the normal runner, then introspects it. */
export async function schemaAtHeads(project: Project, shadow: Shadow): Promise<Schema> {
  const conn = await shadow.connect();
  try {
    const tables = { version: project.config.versionTable, history: HISTORY_TABLE };
    await runMigration(conn, project.map, tables, { plan: (applied) => planUpgrade(project.map, applied, 'heads') });
    // A version table not named strata_* is Strata's all the same.
    return await introspect(conn, [tables.version]);
  } finally {
    await conn.close();
  }
}

// Which database a request is about, and a connection to it. The command line names it by
// URL (--url, STRATA_DATABASE_URL, the app's own variable or its .env, else the project's
// embedded SQLite default); the studio by a saved connection (or the same embedded default).
// Either way a relative SQLite path is the project's, and reading a database that is not
// created yet never creates it.
import { existsSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { strataUrlOf } from '../alembic/environment.ts';
import type { ConnectionSettings } from '../../../shared/api/connections.ts';
import type { Connection } from '../dialects/dialect.ts';
import { connect, describeTarget, notCreatedYet, parseDatabaseUrl, type DatabaseTarget } from '../dialects/registry.ts';
import type { Project } from '../project/project.ts';
import { InvalidRequestError } from './errors.ts';

export { describeTarget, notCreatedYet, type DatabaseTarget } from '../dialects/registry.ts';
export { describeHolder, type Connection, type RunLockHolder, type RunLockOptions } from '../dialects/dialect.ts';

/** A database and how to open a connection to it (the studio's workers give up on a silent server sooner). */
export interface Database {
  readonly target: DatabaseTarget;
  open(): Promise<Connection>;
}

export function databaseAt(target: DatabaseTarget): Database {
  return { target, open: () => connect(target) };
}

export async function withConnection<T>(db: Database, work: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = await db.open();
  try {
    return await work(conn);
  } finally {
    await conn.close();
  }
}

/** Like withConnection, but a SQLite file not created yet is passed as undefined, not created. */
export function withExistingConnection<T>(
  db: Database,
  work: (conn: Connection | undefined) => Promise<T>,
): Promise<T> {
  return notCreatedYet(db.target) ? work(undefined) : withConnection(db, work);
}

/** The project's embedded SQLite default (strata.json defaultConnection), as written there. */
export function embeddedDatabasePath(project: Pick<Project, 'config'>): string | undefined {
  return project.config.defaultConnection?.sqlite;
}

/** Reads KEY=VALUE lines of a .env file beside the project; quotes are stripped. */
function readDotEnv(dir: string, key: string): string | undefined {
  const file = join(dir, '.env');
  if (!existsSync(file)) return undefined;
  for (const raw of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(raw);
    if (match && match[1] === key) return (match[2] as string).replace(/^(['"])(.*)\1$/, '$2');
  }
  return undefined;
}

export interface DatabaseRequest {
  /** --url: a SQLite path or a postgres:// URL. */
  readonly url?: string | undefined;
  readonly env: NodeJS.ProcessEnv;
  /** Where a relative --url or STRATA_DATABASE_URL is taken from. */
  readonly cwd: string;
}

export interface ResolvedDatabase extends Database {
  /** True when the user named it (--url or an environment variable), not the embedded default. */
  readonly explicit: boolean;
  readonly source: string;
}

interface Chosen {
  readonly url: string;
  readonly explicit: boolean;
  readonly source: string;
  readonly base: string;
}

/** --url, STRATA_DATABASE_URL, the app's variable (or its .env), then (when asked) the embedded default. */
function chooseUrl(
  request: DatabaseRequest,
  project: Pick<Project, 'dir' | 'config' | 'alembic'>,
  embedded: boolean,
): Chosen | undefined {
  if (request.url) return { url: request.url, explicit: true, source: '--url', base: request.cwd };
  if (request.env.STRATA_DATABASE_URL)
    return { url: request.env.STRATA_DATABASE_URL, explicit: true, source: 'STRATA_DATABASE_URL', base: request.cwd };
  const appVar = project.config.databaseUrlEnv;
  if (appVar) {
    const value = request.env[appVar] ?? readDotEnv(project.dir, appVar);
    if (value) return { url: value, explicit: true, source: appVar, base: project.dir };
  }
  // An Alembic project's own database: sqlalchemy.url, where strata's drivers can open it.
  const alembicUrl = strataUrlOf(project.alembic?.config.sqlalchemyUrl());
  if (alembicUrl) {
    const ini = basename(project.alembic?.config.iniFile ?? '');
    return { url: alembicUrl, explicit: true, source: `sqlalchemy.url in ${ini}`, base: project.dir };
  }
  const path = embedded ? embeddedDatabasePath(project) : undefined;
  return path ? { url: path, explicit: false, source: 'strata.json defaultConnection', base: project.dir } : undefined;
}

/**
 * Refuses a database of another dialect than the project's, before anything reads it (its
 * version table would name revisions the project does not have). `source` says where it came from.
 */
export function requireProjectDialect(
  target: DatabaseTarget,
  project: Pick<Project, 'config'>,
  source: string,
): DatabaseTarget {
  if (target.dialect !== project.config.dialect) {
    throw new InvalidRequestError(
      `the project is written for ${project.config.dialect} but ${source} ` +
        `points at a ${target.dialect} database (${describeTarget(target)})`,
    );
  }
  return target;
}

function resolved(chosen: Chosen, project: Pick<Project, 'config'>): ResolvedDatabase {
  const target = requireProjectDialect(parseDatabaseUrl(chosen.url, chosen.base), project, chosen.source);
  return { ...databaseAt(target), explicit: chosen.explicit, source: chosen.source };
}

/**
 * The database of a command line: --url, STRATA_DATABASE_URL, the app's variable (or its .env), the embedded default.
 */
export function resolveDatabase(
  request: DatabaseRequest,
  project: Pick<Project, 'dir' | 'config' | 'alembic'>,
): ResolvedDatabase {
  const chosen = chooseUrl(request, project, true);
  if (!chosen) {
    throw new InvalidRequestError(
      `no database: pass --url (a SQLite path or postgres:// URL) ` +
        `or set STRATA_DATABASE_URL${project.config.databaseUrlEnv ? ` or ${project.config.databaseUrlEnv}` : ''}`,
    );
  }
  return resolved(chosen, project);
}

/** A database the user named (--url or a variable), never the embedded default; undefined when none is named. */
export function namedDatabase(
  request: DatabaseRequest,
  project: Pick<Project, 'dir' | 'config' | 'alembic'>,
): ResolvedDatabase | undefined {
  const chosen = chooseUrl(request, project, false);
  return chosen ? resolved(chosen, project) : undefined;
}

/** A URL named for one command (lint --url), relative to the working folder. */
export function databaseOfUrl(url: string, cwd: string): Database {
  return databaseAt(parseDatabaseUrl(url, cwd));
}

/**
 * The database a saved connection points at (its password kept apart, in the keychain): a relative SQLite path is the
 * project's.
 */
export function connectionTarget(
  settings: ConnectionSettings,
  password: string | undefined,
  projectDir: string,
): DatabaseTarget {
  if (settings.kind === 'sqlite')
    return { dialect: 'sqlite', path: isAbsolute(settings.path) ? settings.path : join(projectDir, settings.path) };
  const auth =
    `${encodeURIComponent(settings.user)}` + `${password !== undefined ? `:${encodeURIComponent(password)}` : ''}`;
  // prefer is decided per request by the database worker (ssl-prefer.ts), never dropped.
  const ssl = settings.sslMode === 'disable' ? '' : `?sslmode=${settings.sslMode}`;
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  return {
    dialect: 'postgres',
    url: `postgres://${auth}@${host}:${settings.port}/${encodeURIComponent(settings.database)}${ssl}`,
  };
}

// Which database alembic connects to when the studio runs it for a saved connection. alembic
// takes its database from env.py, never from strata, so the studio must make sure the two
// agree before anything runs: where the project declares the variable env.py reads
// (strata.alembic.json "databaseUrlEnv"), the connection's URL goes to alembic in it; else
// sqlalchemy.url must name the connection's database; else (env.py computes the URL) strata
// cannot know, and refuses rather than show a plan for one database and run on another.
import { existsSync, realpathSync } from 'node:fs';
import type { DatabaseTarget } from '../dialects/registry.ts';
import { parseDatabaseUrl } from '../dialects/registry.ts';
import type { AlembicProject } from '../project/project.ts';
import { strataUrlOf } from './environment.ts';
import { SETTINGS_FILE } from './settings.ts';

/** The connection is not the database alembic would run on; the message says which is which and what to do. */
export class AlembicDatabaseMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AlembicDatabaseMismatchError';
  }
}

function realPath(path: string): string {
  try {
    return existsSync(path) ? realpathSync(path) : path;
  } catch {
    return path;
  }
}

/** Host, port and database of a PostgreSQL URL, as libpq defaults them. */
function pgIdentity(url: string): string {
  const u = new URL(url.replace(/^postgres(ql)?(\+[a-z0-9_]+)?:/i, 'postgres:'));
  const host = decodeURIComponent(u.hostname || 'localhost').replace(/^\[|\]$/g, '');
  const local = host === '127.0.0.1' || host === '::1' ? 'localhost' : host;
  return `${local}:${u.port || '5432'}/${decodeURIComponent(u.pathname.slice(1))}`;
}

function sameDatabase(a: DatabaseTarget, b: DatabaseTarget): boolean {
  if (a.dialect === 'sqlite' && b.dialect === 'sqlite') return realPath(a.path) === realPath(b.path);
  if (a.dialect === 'postgres' && b.dialect === 'postgres') return pgIdentity(a.url) === pgIdentity(b.url);
  return false;
}

function shown(target: DatabaseTarget): string {
  return target.dialect === 'sqlite' ? target.path : `postgres://${pgIdentity(target.url)}`;
}

/** The connection as a SQLAlchemy URL, with the driver sqlalchemy.url names (psycopg2 by default). */
export function sqlalchemyUrlOf(target: DatabaseTarget, configured: string | undefined): string {
  if (target.dialect === 'sqlite') return `sqlite:///${target.path}`;
  const driver = /^postgres(?:ql)?\+([a-z0-9_]+):/i.exec(configured?.trim() ?? '')?.[1];
  return target.url.replace(/^postgres(ql)?:/i, driver ? `postgresql+${driver}:` : 'postgresql:');
}

/**
 * The environment alembic runs with so that it works on `target`; throws an
 * AlembicDatabaseMismatchError where it would work on another database, or strata cannot tell.
 */
export function alembicEnvFor(
  alembic: AlembicProject,
  target: DatabaseTarget,
  env: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const configured = alembic.config.sqlalchemyUrl();
  const variable = alembic.settings.databaseUrlEnv;
  if (variable) return { ...env, [variable]: sqlalchemyUrlOf(target, configured) };
  const own = strataUrlOf(configured);
  const ini = alembic.config.iniFile ?? alembic.config.configFile;
  if (own === undefined)
    throw new AlembicDatabaseMismatchError(
      `strata cannot tell which database alembic connects to: sqlalchemy.url in ${ini} is not set ` +
        `(env.py computes it). Declare the variable env.py reads as "databaseUrlEnv" in ${SETTINGS_FILE}, ` +
        `and the studio passes the connection's URL to alembic in it`,
    );
  const ownTarget = parseDatabaseUrl(own, alembic.config.dir);
  if (!sameDatabase(ownTarget, target))
    throw new AlembicDatabaseMismatchError(
      `alembic connects to ${shown(ownTarget)} (sqlalchemy.url in ${ini}), not to this connection's ` +
        `${shown(target)}: choose a connection to that database, or declare the variable env.py reads ` +
        `as "databaseUrlEnv" in ${SETTINGS_FILE}`,
    );
  return env;
}

// What every command needs: the project (nearest strata.json or --project), the database
// (--url, STRATA_DATABASE_URL, the app's own variable, or the embedded SQLite default).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Connection, StrataTables } from '../engine/dialects/dialect.ts';
import { HISTORY_TABLE } from '../engine/dialects/dialect.ts';
import { connect, describeTarget, parseDatabaseUrl, type DatabaseTarget } from '../engine/dialects/registry.ts';
import { findProjectDir, loadProject, readConfig, type LoadOptions, type Project } from '../engine/project/project.ts';
import { UsageError } from './exit-codes.ts';
import type { Output } from './output.ts';

export interface GlobalOptions {
  readonly project?: string | undefined;
  readonly url?: string | undefined;
}

export interface CommandContext {
  readonly out: Output;
  readonly options: GlobalOptions;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

/** The project's folder and strata.json alone: enough to pick the database before the revisions load. */
export function projectConfig(ctx: CommandContext): Pick<Project, 'dir' | 'config'> {
  const dir = resolve(ctx.options.project ?? findProjectDir(ctx.cwd));
  return { dir, config: readConfig(dir) };
}

export function openProject(ctx: CommandContext, options: LoadOptions = {}): Project {
  const dir = ctx.options.project ?? findProjectDir(ctx.cwd);
  return loadProject(dir, options);
}

export function tablesOf(project: Project): StrataTables {
  return { version: project.config.versionTable, history: HISTORY_TABLE };
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

export interface ResolvedDatabase {
  readonly target: DatabaseTarget;
  /** True when the user named it (--url or an environment variable), not the embedded default. */
  readonly explicit: boolean;
  readonly source: string;
}

export function resolveDatabase(ctx: CommandContext, project: Pick<Project, 'dir' | 'config'>): ResolvedDatabase {
  const pick = (): { url: string; explicit: boolean; source: string; base: string } | undefined => {
    if (ctx.options.url) return { url: ctx.options.url, explicit: true, source: '--url', base: ctx.cwd };
    if (ctx.env.STRATA_DATABASE_URL) return { url: ctx.env.STRATA_DATABASE_URL, explicit: true, source: 'STRATA_DATABASE_URL', base: ctx.cwd };
    const appVar = project.config.databaseUrlEnv;
    if (appVar) {
      const value = ctx.env[appVar] ?? readDotEnv(project.dir, appVar);
      if (value) return { url: value, explicit: true, source: appVar, base: project.dir };
    }
    const embedded = project.config.defaultConnection?.sqlite;
    if (embedded) return { url: embedded, explicit: false, source: 'strata.json defaultConnection', base: project.dir };
    return undefined;
  };
  const chosen = pick();
  if (!chosen) {
    throw new UsageError(`no database: pass --url (a SQLite path or postgres:// URL) or set STRATA_DATABASE_URL${project.config.databaseUrlEnv ? ` or ${project.config.databaseUrlEnv}` : ''}`);
  }
  const target = parseDatabaseUrl(chosen.url, chosen.base);
  if (target.dialect !== project.config.dialect) {
    throw new UsageError(`the project is written for ${project.config.dialect} but ${chosen.source} points at a ${target.dialect} database (${describeTarget(target)})`);
  }
  return { target, explicit: chosen.explicit, source: chosen.source };
}

export async function withConnection<T>(db: ResolvedDatabase, work: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = await connect(db.target);
  try {
    return await work(conn);
  } finally {
    await conn.close();
  }
}

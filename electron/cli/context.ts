// What every command needs: where the project is (nearest strata.json or --project) and
// which database (--url, STRATA_DATABASE_URL, the app's own variable, or the embedded SQLite
// default), as the use cases take them.
import { AlembicCommandError, withAlembicSql } from '../engine/usecases/alembic.ts';
import type { DatabaseRequest } from '../engine/usecases/database.ts';
import { locate, openProject, type Project, type ProjectLocation } from '../engine/usecases/project.ts';
import { note, paint, type Output } from './output.ts';

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

export function projectLocation(ctx: CommandContext): ProjectLocation {
  return { dir: ctx.options.project, cwd: ctx.cwd };
}

export function databaseRequest(ctx: CommandContext): DatabaseRequest {
  return { url: ctx.options.url, env: ctx.env, cwd: ctx.cwd };
}

/**
 * The project of a command, its load warnings on stderr (an Alembic module that cannot be
 * read, a value it computes): what loaded is used, and what was left out is said, never hidden.
 */
export function openProjectFor(ctx: CommandContext): Project {
  const project = openProject(projectLocation(ctx));
  for (const w of project.warnings ?? [])
    note(ctx.out, paint(ctx.out, 'yellow', `warning: ${locate(w)}: ${w.message}`));
  return project;
}

/**
 * An Alembic project with each revision's offline SQL; where alembic cannot render it, a warning and the graph alone.
 */
export async function withSqlIfAlembic(ctx: CommandContext, project: Project): Promise<Project> {
  if (!project.alembic || project.alembic.hasSql) return project;
  try {
    return await withAlembicSql(project);
  } catch (error) {
    if (!(error instanceof AlembicCommandError)) throw error;
    note(ctx.out, paint(ctx.out, 'yellow', `warning: no SQL: ${error.message}`));
    return project;
  }
}

// An Alembic project's SQL and commands, through the user's own alembic: the offline SQL of
// every revision (for show, lint and the studio's lock preview), and alembic command lines
// run with their output streamed (offline scripts now; runs in the same way).
import { loadAlembicProject } from '../alembic/load.ts';
import { generateOfflineSql } from '../alembic/offline-sql.ts';
import { runAlembic, type AlembicRunOptions, type AlembicRunResult } from '../alembic/command.ts';
import type { Project } from '../project/project.ts';

export { AlembicCommandError, type AlembicRunOptions } from '../alembic/command.ts';
export type { Project } from '../project/project.ts';

/** The project with each revision's SQL as alembic renders it offline: from the cache, else by running alembic. */
export async function withAlembicSql(project: Project, options: AlembicRunOptions = {}): Promise<Project> {
  const alembic = project.alembic;
  if (!alembic || alembic.hasSql) return project;
  await generateOfflineSql(project.dir, alembic, alembic.sqlKey, options);
  return loadAlembicProject(project.dir);
}

/** `alembic ARGS` for an Alembic project, output streamed to `options.onOutput`. */
export function alembicCommand(
  project: Project,
  args: readonly string[],
  options: AlembicRunOptions = {},
): Promise<AlembicRunResult> {
  if (!project.alembic) throw new Error('internal: alembicCommand on a native project');
  return runAlembic(project.alembic, args, options);
}

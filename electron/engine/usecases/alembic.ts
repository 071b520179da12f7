// An Alembic project's SQL and commands, through the user's own alembic: the offline SQL of
// every revision (for show, lint and the studio's lock preview), alembic command lines run
// with their output streamed, and merge revisions written in alembic's own shape.
import { loadAlembicProject } from '../alembic/load.ts';
import { writeAlembicMerge } from '../alembic/merge-module.ts';
import { generateOfflineSql } from '../alembic/offline-sql.ts';
import { runAlembic, type AlembicRunOptions, type AlembicRunResult } from '../alembic/command.ts';
import { newRevisionId, type Project } from '../project/project.ts';
import { InvalidRequestError } from './errors.ts';
import type { MergeRevisionRequest } from './merge.ts';
import { mergeParents, type Written } from './revisions.ts';

export { AlembicCommandError, type AlembicRunOptions } from '../alembic/command.ts';
export type { Project } from '../project/project.ts';

/** The project with each revision's SQL as alembic renders it offline: from the cache, else by running alembic. */
export async function withAlembicSql(project: Project, options: AlembicRunOptions = {}): Promise<Project> {
  const alembic = project.alembic;
  if (!alembic || alembic.hasSql) return project;
  await generateOfflineSql(project.dir, alembic, alembic.sqlKey, project.map, options);
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

/** SQL beyond comments and blanks: something a merge would have to run. */
function runsSomething(sql: string | undefined): boolean {
  return (sql ?? '').split('\n').some((l) => l.trim() !== '' && !l.trim().startsWith('--'));
}

/**
 * A merge revision of an Alembic project: the same checks as a native merge (heads only, two
 * or more, labels free), then a module in alembic's own shape (merge-module.ts), read back
 * from the project so that the path is where alembic put it.
 */
export async function createAlembicMerge(
  project: Project,
  request: MergeRevisionRequest,
  options: AlembicRunOptions = {},
): Promise<Written> {
  const alembic = project.alembic;
  if (!alembic) throw new Error('internal: createAlembicMerge on a native project');
  if (runsSomething(request.upgradeSql) || runsSomething(request.downgradeSql))
    throw new InvalidRequestError(
      'reconciling SQL is not written into an Alembic merge module by strata: create the merge, ' +
        'then add op.execute(...) calls to its upgrade() and downgrade() yourself',
    );
  const parents = mergeParents(project, { revisions: request.heads, branchLabels: request.branchLabels });
  const id = newRevisionId(
    (c) => project.map.has(c) || [...project.map.byId.keys()].some((k) => k.startsWith(c.slice(0, 4))),
  );
  const message = request.message.replace(/\s+/g, ' ').trim();
  const written = await writeAlembicMerge(
    alembic,
    { id, parents, branchLabels: request.branchLabels, message },
    options,
  );
  const path = written.path ?? loadAlembicProject(project.dir).paths.get(id);
  if (path === undefined)
    throw new InvalidRequestError(
      `alembic merge reported success, but no module with revision '${id}' is in ` +
        alembic.config.versionLocations.join(', '),
    );
  return { revision: id, file: path, parents };
}

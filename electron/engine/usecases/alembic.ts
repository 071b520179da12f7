// An Alembic project's SQL and commands, through the user's own alembic: the offline SQL of
// every revision (for show, lint and the studio's lock preview), alembic command lines run
// with their output streamed, and merge revisions written in alembic's own shape.
import { loadAlembicProject } from '../alembic/load.ts';
import { writeAlembicMerge } from '../alembic/merge-module.ts';
import { generateOfflineSql } from '../alembic/offline-sql.ts';
import { runAlembic, type AlembicRunOptions, type AlembicRunResult } from '../alembic/command.ts';
import { runAlembicWithRetries, withLockTimeout } from '../alembic/guarded-run.ts';
import type { Direction, PlanStep } from '../../../shared/model/revision.ts';
import { describeTarget, resolveDatabase, type DatabaseRequest } from './database.ts';
import { planSteps } from './plan.ts';
import { appliedOf, readDatabaseState } from './state.ts';
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

/**
 * What alembic is about to do, computed by strata from the graph and the database's
 * alembic_version rows (read, never written), to show before alembic starts.
 */
export async function planAlembicRun(
  project: Project,
  request: DatabaseRequest,
  direction: Direction,
  target: string,
): Promise<{ database: string; steps: PlanStep[] }> {
  const db = resolveDatabase(request, project);
  const state = await readDatabaseState(db, project);
  return { database: describeTarget(db.target), steps: planSteps(project.map, direction, target, appliedOf(state)) };
}

export interface GuardedAlembicRun extends AlembicRunOptions {
  readonly lockTimeout?: string | undefined;
  readonly retries?: number | undefined;
  readonly onRetry?: (attempt: number, delayMs: number) => void;
  /** Told when a guard rail cannot be applied to this project, and why. */
  readonly onNotApplied?: (why: string) => void;
  readonly retryDelayMs?: number;
}

/** `alembic ARGS` with a lock_timeout where the driver takes one, retried on lock timeouts. */
export function runAlembicGuarded(
  project: Project,
  args: readonly string[],
  options: GuardedAlembicRun,
): Promise<AlembicRunResult> {
  const alembic = project.alembic;
  if (!alembic) throw new Error('internal: runAlembicGuarded on a native project');
  let env = options.env;
  if (options.lockTimeout !== undefined) {
    const setting = withLockTimeout(alembic, options.lockTimeout, options.env);
    if (setting.notApplied) options.onNotApplied?.(setting.notApplied);
    env = setting.env;
  }
  return runAlembicWithRetries(alembic, args, {
    ...options,
    ...(env ? { env } : {}),
    retries: options.retries ?? 0,
    ...(options.retryDelayMs !== undefined ? { delayMs: options.retryDelayMs } : {}),
  });
}

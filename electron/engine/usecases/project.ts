// Open a project: from a folder named by the caller, or the nearest strata.json above the
// working folder. The CLI needs the project or an error; the studio keeps a project that does
// not load open, with its problems, to show them.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isAlembicProjectDir } from '../alembic/config.ts';
import { loadAlembicProject } from '../alembic/load.ts';
import { HISTORY_TABLE, type StrataTables } from '../dialects/dialect.ts';
import { ProjectLoadError, ProjectNotFoundError } from '../project/errors.ts';
import { InvalidRequestError } from './errors.ts';
import {
  CONFIG_FILE,
  findProjectDir,
  loadProject,
  readConfig,
  type LoadOptions,
  type Project,
} from '../project/project.ts';
import type { ProjectProblem } from '../project/errors.ts';

export { locate, ProjectLoadError, type ProjectProblem } from '../project/errors.ts';
export type { LoadOptions, Project } from '../project/project.ts';

/** Where the project is: the folder given, else the nearest one with a strata.json at or above `cwd`. */
export interface ProjectLocation {
  readonly dir?: string | undefined;
  readonly cwd: string;
}

export function projectDirOf(where: ProjectLocation): string {
  return where.dir ?? findProjectDir(where.cwd, isAlembicProjectDir);
}

/** Whether the folder is an Alembic project strata reads in place: no strata.json, an alembic.ini or [tool.alembic]. */
export function isAlembicProject(dir: string): boolean {
  return !existsSync(join(dir, CONFIG_FILE)) && isAlembicProjectDir(dir);
}

/** A native project, or an Alembic one read in place. */
export function loadAnyProject(dir: string, options: LoadOptions = {}): Project {
  return isAlembicProject(dir) ? loadAlembicProject(dir) : loadProject(dir, options);
}

/** The folder of the nearest strata.json at or above `cwd`, or undefined where there is none. */
export function projectDirIfAny(cwd: string): string | undefined {
  try {
    return findProjectDir(cwd);
  } catch (error) {
    if (error instanceof ProjectNotFoundError) return undefined;
    throw error;
  }
}

export function openProject(where: ProjectLocation, options: LoadOptions = {}): Project {
  return loadAnyProject(projectDirOf(where), options);
}

/** The project, or undefined where there is no strata.json (in the folder named, or at or above the working folder). */
export function openProjectIfAny(where: ProjectLocation): Project | undefined {
  try {
    return openProject(where);
  } catch (error) {
    if (error instanceof ProjectNotFoundError) return undefined;
    throw error;
  }
}

/** The project's folder and strata.json alone: enough to pick the database before the revisions load. */
export function openProjectConfig(where: ProjectLocation): Pick<Project, 'dir' | 'config' | 'alembic'> {
  const dir = resolve(projectDirOf(where));
  if (isAlembicProject(dir)) return loadAlembicProject(dir);
  return { dir, config: readConfig(dir) };
}

/**
 * Refuses what would write strata's files or tables into an Alembic project: its version
 * table belongs to alembic, which alone writes it (runs go through the alembic command).
 */
export function requireNative(project: Pick<Project, 'alembic'>, what: string): void {
  if (project.alembic) {
    throw new InvalidRequestError(
      `${what} is not done by strata in an Alembic project (${project.alembic.config.configFile}): ` +
        `its revisions are Python modules and alembic alone writes ${project.alembic.versionTable}`,
    );
  }
}

/** Strata's own tables in a project's databases. */
export function tablesOf(project: Pick<Project, 'config'>): StrataTables {
  return { version: project.config.versionTable, history: HISTORY_TABLE };
}

/** A project as the studio holds it: loaded, or the problems that keep it from loading. */
export interface OpenedProject {
  readonly dir: string;
  readonly project: Project | undefined;
  readonly problems: readonly ProjectProblem[];
}

export function openProjectWithProblems(dir: string): OpenedProject {
  try {
    const project = loadAnyProject(dir, { partial: true });
    return { dir, project, problems: project.warnings ?? [] };
  } catch (error) {
    if (error instanceof ProjectLoadError) return { dir, project: undefined, problems: [...error.problems] };
    return {
      dir,
      project: undefined,
      problems: [{ file: dir, line: 1, message: error instanceof Error ? error.message : String(error) }],
    };
  }
}

/**
 * What a plan of this project depends on and shows — the graph, each revision's message and
 * transactional flag — as one short key: two loads with the same key plan alike. The studio
 * compares the key of the load its worker planned from with the key of the load its graph
 * was drawn from, so that the two never disagree.
 */
export function graphKey(project: Pick<Project, 'map'>): string {
  const hash = createHash('sha1');
  for (const id of project.map.order) {
    const r = project.map.get(id);
    hash.update(`${id}\0${r.parents.join(',')}\0${r.dependsOn.join(',')}\0${r.branchLabels.join(',')}\0`);
    hash.update(`${r.transactional ? 1 : 0}${r.message}\n`);
  }
  return hash.digest('hex');
}

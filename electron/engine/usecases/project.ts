// Open a project: from a folder named by the caller, or the nearest strata.json above the
// working folder. The CLI needs the project or an error; the studio keeps a project that does
// not load open, with its problems, to show them.
import { resolve } from 'node:path';
import { HISTORY_TABLE, type StrataTables } from '../dialects/dialect.ts';
import { ProjectLoadError, ProjectNotFoundError } from '../project/errors.ts';
import { findProjectDir, loadProject, readConfig, type LoadOptions, type Project } from '../project/project.ts';
import type { ProjectProblem } from '../project/errors.ts';

export { locate, type ProjectProblem } from '../project/errors.ts';
export type { LoadOptions, Project } from '../project/project.ts';

/** Where the project is: the folder given, else the nearest one with a strata.json at or above `cwd`. */
export interface ProjectLocation {
  readonly dir?: string | undefined;
  readonly cwd: string;
}

export function projectDirOf(where: ProjectLocation): string {
  return where.dir ?? findProjectDir(where.cwd);
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
  return loadProject(projectDirOf(where), options);
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
export function openProjectConfig(where: ProjectLocation): Pick<Project, 'dir' | 'config'> {
  const dir = resolve(projectDirOf(where));
  return { dir, config: readConfig(dir) };
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
    return { dir, project: loadProject(dir), problems: [] };
  } catch (error) {
    if (error instanceof ProjectLoadError) return { dir, project: undefined, problems: [...error.problems] };
    return { dir, project: undefined, problems: [{ file: dir, line: 1, message: error instanceof Error ? error.message : String(error) }] };
  }
}

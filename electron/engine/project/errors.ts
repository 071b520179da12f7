import type { SourceLocation } from '../../../shared/model/revision.ts';

/** One defect in a project file, located for a person to fix. Line 0: the file as a whole (it cannot be read). */
export interface ProjectProblem extends SourceLocation {
  readonly message: string;
}

/** `file:line`, or the file alone for a problem with the whole file. */
export function locate(p: SourceLocation): string {
  return p.line > 0 ? `${p.file}:${p.line}` : p.file;
}

/** A project that cannot be loaded: every problem found, not just the first. */
export class ProjectLoadError extends Error {
  readonly problems: readonly ProjectProblem[];
  constructor(problems: readonly ProjectProblem[]) {
    super(problems.map((p) => `${locate(p)}: ${p.message}`).join('\n'));
    this.name = 'ProjectLoadError';
    this.problems = problems;
  }
}

export class ProjectNotFoundError extends Error {
  constructor(readonly searchedFrom: string) {
    super(`no strata.json found in ${searchedFrom} or any folder above it (run 'strata init' or pass --project DIR)`);
    this.name = 'ProjectNotFoundError';
  }
}

/** A project file that cannot be written (a read-only folder, a full disk, already there): its path and why. */
export class ProjectWriteError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: cannot be written: ${reason}`);
    this.name = 'ProjectWriteError';
  }
}

import type { SourceLocation } from '../../../shared/model/revision.ts';

/** One defect in a project file, located for a person to fix. */
export interface ProjectProblem extends SourceLocation {
  readonly message: string;
}

/** A project that cannot be loaded: every problem found, not just the first. */
export class ProjectLoadError extends Error {
  readonly problems: readonly ProjectProblem[];
  constructor(problems: readonly ProjectProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n'));
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

// One named error per way a graph question can fail, carrying what a person needs to
// choose again (the candidates), so no caller has to parse a message.
import { didYouMean } from '../../../shared/model/nearest.ts';
import type { RevisionId, SourceLocation } from '../../../shared/model/revision.ts';

export interface GraphProblem extends SourceLocation {
  readonly code:
    'duplicate-revision' | 'unknown-parent' | 'unknown-dependency' | 'cycle' | 'duplicate-label' | 'label-is-revision';
  readonly message: string;
}

/**
 * A target or revision reference that cannot be resolved as written. `candidates` are what it
 * could mean (an ambiguous one); `suggestions` what was probably meant (a slip: `hed`).
 */
export class TargetError extends Error {
  constructor(
    message: string,
    readonly candidates: readonly RevisionId[] = [],
    readonly suggestions: readonly string[] = [],
  ) {
    super(message);
    this.name = 'TargetError';
  }
}

export class MultipleHeadsError extends TargetError {
  constructor(argument: string, heads: readonly RevisionId[]) {
    super(
      `'${argument}' is ambiguous: there are ${heads.length} heads (${heads.join(', ')}); ` +
        `name one of them, '<label>@head', or 'heads' for all`,
      heads,
    );
    this.name = 'MultipleHeadsError';
  }
}

export class AmbiguousRevisionError extends TargetError {
  constructor(prefix: string, matches: readonly RevisionId[]) {
    super(`'${prefix}' matches ${matches.length} revisions (${matches.join(', ')}); give more characters`, matches);
    this.name = 'AmbiguousRevisionError';
  }
}

export class UnknownRevisionError extends TargetError {
  constructor(reference: string, hint = '', suggestions: readonly string[] = []) {
    const guess = didYouMean(suggestions);
    super(`no revision, branch label or target '${reference}'${hint}${guess ? `: ${guess}` : ''}`, [], suggestions);
    this.name = 'UnknownRevisionError';
  }
}

export class RelativeOvershootError extends TargetError {
  constructor(spec: string, steps: number, done: number) {
    super(
      `'${spec}' asks for ${steps} step${steps === 1 ? '' : 's'} but ` +
        `only ${done} exist${done === 1 ? 's' : ''} in that direction`,
    );
    this.name = 'RelativeOvershootError';
  }
}

export class AmbiguousWalkError extends TargetError {
  constructor(spec: string, from: RevisionId, direction: 'forward' | 'back', options: readonly RevisionId[]) {
    super(
      `'${spec}': cannot walk ${direction} from ${from}: ` +
        `it has ${options.length} ${direction === 'forward' ? 'children' : 'parents'} (${options.join(', ')}); ` +
        `name the revision or use '<label>@${direction === 'forward' ? '+' : '-'}N'`,
      options,
    );
    this.name = 'AmbiguousWalkError';
  }
}

/** The database names revisions the project does not have (a file deleted, another branch checked out). */
export class UnknownAppliedRevisionError extends Error {
  constructor(readonly unknown: readonly string[]) {
    super(
      `the version table names revision${unknown.length === 1 ? '' : 's'} this project does not have: ` +
        `${unknown.join(', ')} (restore the files, or 'strata stamp TARGET --purge' to reset the table)`,
    );
    this.name = 'UnknownAppliedRevisionError';
  }
}

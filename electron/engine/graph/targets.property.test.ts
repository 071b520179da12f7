// Random strings as targets, on the sample's graph from several database states: a target
// resolves, or is refused with a TargetError that names what was typed; a suggestion is
// always something that resolves. Nothing else is ever thrown.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RevisionId } from '../../../shared/model/revision.ts';
import { loadProject } from '../project/project.ts';
import { TargetError, UnknownRevisionError } from './errors.ts';
import { appliedFromRows, planDowngrade, planUpgrade, stampRows, type Applied } from './plan.ts';
import { namesOf, targetText } from '../../../test/support/targets.ts';
import { resolveRevision } from './targets.ts';

const sample = loadProject('migrations-sample').map;
const STATES: readonly Applied[] = [
  new Set<RevisionId>(),
  new Set(sample.byId.keys()),
  appliedFromRows(sample, ['e45df46a870b']),
  appliedFromRows(sample, ['4ffc44baf86d']),
];

function expectRefusalNamesIt(spec: string, run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof TargetError))
      throw new Error(`'${spec}' gave ${error instanceof Error ? error.stack : String(error)}`, { cause: error });
    const names = namesOf(spec);
    if (spec.trim() === '') expect(error.message).toContain(`'${spec}'`);
    else
      expect(
        names.some((n) => error.message.includes(`'${n}`)),
        `${error.message} names one of ${JSON.stringify(names)}`,
      ).toBe(true);
    for (const s of error.suggestions)
      expect(() => planUpgrade(sample, new Set(), s), `suggestion '${s}' is a target`).not.toThrow(
        UnknownRevisionError,
      );
  }
}

describe('targets, fuzzed', () => {
  it('resolve, or a TargetError naming the target; every suggestion resolves', () => {
    fc.assert(
      fc.property(targetText(sample), fc.constantFrom(...STATES.keys()), (spec, k) => {
        const applied = STATES[k] as Applied;
        expectRefusalNamesIt(spec, () => planUpgrade(sample, applied, spec));
        expectRefusalNamesIt(spec, () => planDowngrade(sample, applied, spec));
        expectRefusalNamesIt(spec, () => stampRows(sample, applied, spec, false));
        expectRefusalNamesIt(spec, () => resolveRevision(sample, spec));
      }),
      { numRuns: 1500 },
    );
  });
});

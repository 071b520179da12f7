// Fuzzed targets, shared by the graph's property suite and the CLI's.
import fc from 'fast-check';
import type { RevisionMap } from '../../electron/engine/graph/revision-map.ts';
import { parseTarget } from '../../electron/engine/graph/targets.ts';

/** Targets built from the pieces real ones are made of (slips included) on `map`, and any string at all. */
export function targetText(map: RevisionMap): fc.Arbitrary<string> {
  const ids = [...map.order];
  const labels = [...map.labels.keys()];
  return fc.oneof(
    fc.string({ maxLength: 24 }),
    fc.string({ maxLength: 8, unit: 'grapheme' }),
    fc
      .array(
        fc.oneof(
          fc.constantFrom(
            'head',
            'heads',
            'base',
            'hed',
            'haeds',
            '@',
            '+',
            '-',
            ':',
            ' ',
            '\t',
            '0',
            '1',
            '12',
            '99999999999999999999',
            ...labels,
            ...labels.map((l) => l.slice(1)),
          ),
          fc.constantFrom(...ids).chain((id) => fc.nat({ max: 12 }).map((n) => id.slice(0, n))),
          fc.constantFrom(...ids).map((id) => `${id.slice(0, -1)}x`),
        ),
        { minLength: 1, maxLength: 5 },
      )
      .map((parts) => parts.join('')),
  );
}

/** What a refusal of `spec` may name: the target as typed, or the part of it that failed. */
export function namesOf(spec: string): string[] {
  const names = [spec, spec.trim()];
  try {
    const parsed = parseTarget(spec);
    if ('ref' in parsed) names.push(parsed.ref);
    if ('label' in parsed) names.push(parsed.label);
  } catch {
    // parseTarget refuses only an empty target.
  }
  return names.filter((n) => n.trim() !== '');
}

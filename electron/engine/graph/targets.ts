// Target syntax with Alembic's meaning: head, heads, base, id or unique prefix (4+ chars),
// +N/-N, <rev>+N/<rev>-N, <label>@head, <label>@base, <label>@+N/-N, <label>@<rev>.
import { nearest } from '../../../shared/model/nearest.ts';
import type { RevisionId } from '../../../shared/model/revision.ts';
import {
  AmbiguousRevisionError,
  AmbiguousWalkError,
  MultipleHeadsError,
  RelativeOvershootError,
  UnknownRevisionError,
} from './errors.ts';
import type { RevisionMap } from './revision-map.ts';

export type ParsedTarget =
  | { readonly kind: 'heads' }
  | { readonly kind: 'head' }
  | { readonly kind: 'base' }
  | { readonly kind: 'relative'; readonly steps: number }
  | { readonly kind: 'revision'; readonly ref: string; readonly steps: number }
  | { readonly kind: 'label-head'; readonly label: string }
  | { readonly kind: 'label-base'; readonly label: string }
  | { readonly kind: 'label-relative'; readonly label: string; readonly steps: number }
  | { readonly kind: 'label-revision'; readonly label: string; readonly ref: string; readonly steps: number };

const RELATIVE = /^([+-])(\d+)$/;
const WITH_OFFSET = /^(.+?)([+-])(\d+)$/;

export function parseTarget(spec: string): ParsedTarget {
  const text = spec.trim();
  if (text === '') throw new UnknownRevisionError(spec, ' (empty target)');
  if (text === 'heads') return { kind: 'heads' };
  if (text === 'head') return { kind: 'head' };
  if (text === 'base') return { kind: 'base' };
  const relative = RELATIVE.exec(text);
  if (relative) return { kind: 'relative', steps: signed(relative[1] as string, relative[2] as string) };
  const at = text.indexOf('@');
  if (at > 0) {
    const label = text.slice(0, at);
    const rest = text.slice(at + 1);
    if (rest === '')
      throw new UnknownRevisionError(
        text,
        ` (nothing after '@': ${label}@head, ${label}@base, ${label}@+N, ${label}@-N or ${label}@REV)`,
      );
    if (rest === 'head') return { kind: 'label-head', label };
    if (rest === 'base') return { kind: 'label-base', label };
    const rel = RELATIVE.exec(rest);
    if (rel) return { kind: 'label-relative', label, steps: signed(rel[1] as string, rel[2] as string) };
    const off = WITH_OFFSET.exec(rest);
    if (off)
      return {
        kind: 'label-revision',
        label,
        ref: off[1] as string,
        steps: signed(off[2] as string, off[3] as string),
      };
    return { kind: 'label-revision', label, ref: rest, steps: 0 };
  }
  const off = WITH_OFFSET.exec(text);
  if (off) return { kind: 'revision', ref: off[1] as string, steps: signed(off[2] as string, off[3] as string) };
  return { kind: 'revision', ref: text, steps: 0 };
}

function signed(sign: string, digits: string): number {
  return (sign === '-' ? -1 : 1) * Number(digits);
}

/** The single head, or an error listing every head. */
export function singleHead(map: RevisionMap, argument = 'head'): RevisionId {
  if (map.heads.length === 1) return map.heads[0] as RevisionId;
  if (map.heads.length === 0) throw new UnknownRevisionError(argument, ' (the project has no revisions)');
  throw new MultipleHeadsError(argument, map.heads);
}

/** A full id, a branch label (its first revision), `head`, or a unique prefix of 4+ characters. */
export function resolveRevision(map: RevisionMap, ref: string): RevisionId {
  if (map.has(ref)) return ref;
  if (ref === 'head') return singleHead(map);
  const labelled = map.labels.get(ref);
  if (labelled) return labelled;
  if (ref.length >= 4) {
    const matches = map.order.filter((id) => id.startsWith(ref));
    if (matches.length === 1) return matches[0] as RevisionId;
    if (matches.length > 1) throw new AmbiguousRevisionError(ref, [...matches].sort());
  }
  const hint =
    ref === ''
      ? ' (empty)'
      : ref.length < 4 && map.order.some((id) => id.startsWith(ref))
        ? ' (a prefix needs at least 4 characters)'
        : '';
  throw new UnknownRevisionError(ref, hint, hint ? [] : suggestRevisions(map, ref));
}

const KEYWORDS = ['head', 'heads', 'base'];

/**
 * What a reference nobody has was probably meant to be: a keyword, a branch label, or a
 * revision whose id starts with something one slip away from what was typed (ids are
 * compared at the length typed, so a mistyped prefix finds its revision too).
 */
function suggestRevisions(map: RevisionMap, ref: string): string[] {
  const byPrefix = new Map<string, RevisionId | null>();
  if (ref.length >= 4) {
    for (const id of map.order) {
      const prefix = id.slice(0, ref.length);
      // A prefix two revisions share would only lead to an ambiguity error: not a suggestion.
      byPrefix.set(prefix, byPrefix.has(prefix) ? null : id);
    }
  }
  const words = [
    ...KEYWORDS,
    ...map.labels.keys(),
    ...[...byPrefix].flatMap(([prefix, id]) => (id === null ? [] : [prefix])),
  ];
  return nearest(ref, words).map((w) => byPrefix.get(w) ?? w);
}

export function requireLabel(map: RevisionMap, label: string): RevisionId {
  const owner = map.labels.get(label);
  if (!owner) {
    const known = [...map.labels.keys()].sort();
    throw new UnknownRevisionError(
      `${label}@`,
      known.length > 0 ? ` (branch labels: ${known.join(', ')})` : ' (the project has no branch labels)',
      nearest(label, known),
    );
  }
  return owner;
}

/** Heads of the graph that carry a label: `<label>@head`. */
export function labelHead(map: RevisionMap, label: string): RevisionId {
  requireLabel(map, label);
  const heads = map.heads.filter((h) => map.labelsOf(h).includes(label));
  if (heads.length === 1) return heads[0] as RevisionId;
  throw new MultipleHeadsError(`${label}@head`, heads);
}

/**
 * Walks N steps from a revision; forward needs a single child, back a single parent.
 * `taken` steps were already counted before `from` (`+N` on an empty database lands on the
 * base with its first step), so that an overshoot reports the numbers the user typed.
 */
export function walk(
  map: RevisionMap,
  from: RevisionId,
  steps: number,
  spec: string,
  label?: string,
  taken = 0,
): RevisionId {
  let at = from;
  const total = Math.abs(steps);
  for (let done = 0; done < total; done++) {
    if (steps > 0) {
      let next = map.childrenOf(at);
      if (label !== undefined) next = next.filter((c) => map.labelsOf(c).includes(label));
      if (next.length === 0) throw new RelativeOvershootError(spec, total + taken, done + taken);
      if (next.length > 1) throw new AmbiguousWalkError(spec, at, 'forward', next);
      at = next[0] as RevisionId;
    } else {
      const parents = map.get(at).parents;
      if (parents.length === 0) throw new RelativeOvershootError(spec, total + taken, done + taken);
      if (parents.length > 1) throw new AmbiguousWalkError(spec, at, 'back', parents);
      at = parents[0] as RevisionId;
    }
  }
  return at;
}

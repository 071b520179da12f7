// The merge analysis of a set of heads: each branch since the fork point with its footprint,
// the conflicts of each pair of branches, and — where a footprint cannot decide — the shadow
// check. What `strata merge` prints first and the merge screen shows.
import type { MergeAnalysis, PairAnalysis, Verdict } from '../../../shared/model/merge.ts';
import type { Dialect, Revision, RevisionId } from '../../../shared/model/revision.ts';
import type { RevisionMap } from '../graph/revision-map.ts';
import { branchesOf, onlyOn } from './branches.ts';
import { checkCommutes, type ShadowServer } from './commute.ts';
import { findConflicts, type PlacedTouch } from './conflicts.ts';
import { footprintOf, prepareFootprints } from './footprint.ts';

export interface AnalyzeOptions {
  /** Where shadow databases can be made; undefined: none (SQLite always can, in memory). */
  readonly shadow?: ShadowServer | undefined;
  /** `auto`: only where a footprint cannot decide; `always`: every pair. */
  readonly shadowCheck?: 'auto' | 'always';
}

export async function analyzeHeads(
  map: RevisionMap,
  dialect: Dialect,
  heads: readonly RevisionId[],
  options: AnalyzeOptions = {},
): Promise<MergeAnalysis> {
  await prepareFootprints(dialect);
  const { forkPoints, branches } = branchesOf(map, heads);
  const footprints = new Map<RevisionId, ReturnType<typeof footprintOf>>();
  const footprint = (id: RevisionId): ReturnType<typeof footprintOf> => {
    let f = footprints.get(id);
    if (!f) footprints.set(id, (f = footprintOf(map.get(id), dialect)));
    return f;
  };
  const shadow = options.shadow ?? (dialect === 'sqlite' ? { dialect: 'sqlite' as const } : undefined);
  const pairs: PairAnalysis[] = [];
  for (let i = 0; i < heads.length; i++) {
    for (let j = i + 1; j < heads.length; j++) {
      pairs.push(
        await analyzePair(
          map,
          [heads[i] as RevisionId, heads[j] as RevisionId],
          footprint,
          shadow,
          options.shadowCheck ?? 'auto',
        ),
      );
    }
  }
  return {
    heads: [...heads],
    forkPoints,
    branches: branches.map((b) => ({
      head: b.head,
      labels: [...map.labelsOf(b.head)],
      revisions: b.revisions.map((id) => {
        const r = map.get(id);
        return { id, message: r.message, created: r.created ?? null, footprint: footprint(id) };
      }),
    })),
    pairs,
    verdict: worst(pairs.map((p) => p.verdict)),
  };
}

function worst(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes('conflict')) return 'conflict';
  return verdicts.includes('cannot-tell') ? 'cannot-tell' : 'clean';
}

async function analyzePair(
  map: RevisionMap,
  [a, b]: readonly [RevisionId, RevisionId],
  footprint: (id: RevisionId) => ReturnType<typeof footprintOf>,
  shadow: ShadowServer | undefined,
  mode: 'auto' | 'always',
): Promise<PairAnalysis> {
  const onA = onlyOn(map, a, b);
  const onB = onlyOn(map, b, a);
  const placed = (ids: readonly RevisionId[]): PlacedTouch[] =>
    ids.flatMap((id) => footprint(id).touches.map((t) => ({ ...t, revision: id })));
  const conflicts = findConflicts({ head: a, touches: placed(onA) }, { head: b, touches: placed(onB) });
  const opaque = [...onA, ...onB].flatMap((id) => footprint(id).opaque.map((o) => ({ ...o, revision: id })));
  const heads = [a, b] as const;
  if (conflicts.length > 0) return { heads, verdict: 'conflict', conflicts, opaque, commute: null };
  if (opaque.length === 0 && mode === 'auto') return { heads, verdict: 'clean', conflicts, opaque, commute: null };
  if (!shadow) {
    return {
      heads,
      verdict: opaque.length > 0 ? 'cannot-tell' : 'clean',
      conflicts,
      opaque,
      commute: {
        outcome: 'unavailable',
        detail: 'no server for shadow databases: name one with --url (a PostgreSQL database on it)',
      },
    };
  }
  const revisions = (ids: readonly RevisionId[]): Revision[] => ids.map((id) => map.get(id));
  const base = map.sortForUpgrade([...map.ancestors([a])].filter((id) => map.ancestors([b]).has(id)));
  let commute;
  try {
    commute = await checkCommutes(shadow, {
      base: revisions(base),
      a: { name: `${a}'s branch`, revisions: revisions(onA) },
      b: { name: `${b}'s branch`, revisions: revisions(onB) },
    });
  } catch (error) {
    commute = { outcome: 'unavailable' as const, detail: error instanceof Error ? error.message : String(error) };
  }
  if (commute.outcome === 'same') return { heads, verdict: 'clean', conflicts, opaque, commute };
  if (commute.outcome === 'unavailable')
    return { heads, verdict: opaque.length > 0 ? 'cannot-tell' : 'clean', conflicts, opaque, commute };
  const sides = [a, b].map((head) => ({
    head,
    revision: head,
    line: 0,
    action: 'alter' as const,
    what: 'the whole branch',
  }));
  const orderMatters = {
    rule: 'order-matters' as const,
    kind: 'table' as const,
    object: 'the schema',
    message: `the branches do not commute on shadow databases: ${commute.detail}`,
    sides,
    suggestion: 'read the difference and reconcile it in the merge revision, or linearize one branch onto the other',
  };
  return { heads, verdict: 'conflict', conflicts: [orderMatters], opaque, commute };
}

// Predicted vs observed, for one rehearsed statement. Pure: the rehearsal feeds it what the
// analyzer said and what PostgreSQL did; every difference it returns is an analyzer bug
// (or a rehearsal limit, which the caller says separately).
import { comparable } from '../lint/lock-modes.ts';
import { LOCK_MODE_LABEL, stronger } from '../../../shared/model/lock-mode.ts';
import type { LockMode, RelationKind } from '../lint/types.ts';

export interface ComparedLock {
  readonly relation: string;
  readonly mode: LockMode;
  readonly kind: RelationKind;
  readonly isNew?: boolean;
}

export interface LockSide {
  readonly locks: readonly ComparedLock[];
  readonly rewrites: boolean;
}

/**
 * `skip`: relations left out on both sides — the mode the analyzer predicts was already held
 * by the rehearsal transaction before this statement (pg_locks cannot show it again), or the
 * relation did not exist before the rehearsal began.
 */
export function compareStatement(
  predicted: LockSide,
  observed: LockSide,
  skip: ReadonlySet<string> = new Set(),
): string[] {
  const strongest = (locks: readonly ComparedLock[]): Map<string, LockMode> => {
    const out = new Map<string, LockMode>();
    for (const l of locks) {
      if (!comparable(l) || skip.has(l.relation)) continue;
      const prev = out.get(l.relation);
      out.set(l.relation, prev ? stronger(prev, l.mode) : l.mode);
    }
    return out;
  };
  const p = strongest(predicted.locks);
  const o = strongest(observed.locks);
  const differences: string[] = [];
  for (const [relation, mode] of p) {
    const seen = o.get(relation);
    if (seen === undefined)
      differences.push(`predicted ${LOCK_MODE_LABEL[mode]} on ${relation}, PostgreSQL took no new lock on it`);
    else if (seen !== mode)
      differences.push(`predicted ${LOCK_MODE_LABEL[mode]} on ${relation}, PostgreSQL took ${LOCK_MODE_LABEL[seen]}`);
  }
  for (const [relation, mode] of o) {
    if (!p.has(relation))
      differences.push(`PostgreSQL took ${LOCK_MODE_LABEL[mode]} on ${relation}, which the analyzer did not predict`);
  }
  if (predicted.rewrites !== observed.rewrites) {
    differences.push(
      predicted.rewrites
        ? 'predicted a table rewrite, but no relfilenode changed'
        : 'a table got new storage (relfilenode changed) but the analyzer predicted no rewrite',
    );
  }
  return differences;
}

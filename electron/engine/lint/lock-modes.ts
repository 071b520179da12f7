// What PostgreSQL's lock-mode conflict table (shared/model/lock-mode.ts) means for ordinary
// traffic. Both the analyzer's predictions and the honesty suite's observations go through
// the same functions, so "blocks reads" means one thing everywhere.
import { conflicts, level, type LockMode, type RelationKind } from '../../../shared/model/lock-mode.ts';

/** A lock that makes writers queue: SHARE or above (what require-lock-timeout cares about). */
export function blocksWriters(mode: LockMode): boolean {
  return conflicts(mode, 'RowExclusiveLock');
}

/**
 * Whether a lock takes part when predicted and observed locks are compared (the honesty
 * suite, rehearsals, live impact). A relation made by the statement itself is nobody else's
 * to wait for; weak locks on indexes (ACCESS SHARE, ROW SHARE, ROW EXCLUSIVE) come from
 * planning and executing queries and conflict only with ACCESS EXCLUSIVE on that same index,
 * so the analyzer does not list them and the comparison leaves them out on both sides.
 */
export function comparable(l: {
  readonly mode: LockMode;
  readonly kind: RelationKind;
  readonly isNew?: boolean | undefined;
}): boolean {
  if (l.isNew) return false;
  return !(l.kind === 'index' && level(l.mode) < level('ShareUpdateExclusiveLock'));
}

export interface HeldLock {
  readonly mode: LockMode;
  readonly kind: RelationKind;
  /** For an index: the kind of relation it indexes (a matview's index takes no writes). */
  readonly ownerKind?: RelationKind | undefined;
}

const WRITABLE: ReadonlySet<RelationKind> = new Set(['table', 'partitioned-table', 'view', 'unknown']);

/**
 * A plain SELECT takes ACCESS SHARE on the relation and, while planning, on every index of
 * the table; so ACCESS EXCLUSIVE on any table, view, matview or index blocks reads.
 */
export function blocksReads(locks: Iterable<HeldLock>): boolean {
  for (const l of locks) if (l.kind !== 'sequence' && conflicts(l.mode, 'AccessShareLock')) return true;
  return false;
}

/**
 * An INSERT takes ROW EXCLUSIVE on the table (or on the view it writes through) and on every
 * index of the table. Matviews take no writes, so EXCLUSIVE on a matview blocks nothing here.
 */
export function blocksWrites(locks: Iterable<HeldLock>): boolean {
  for (const l of locks) {
    const writable = l.kind === 'index' ? WRITABLE.has(l.ownerKind ?? 'unknown') : WRITABLE.has(l.kind);
    if (writable && conflicts(l.mode, 'RowExclusiveLock')) return true;
  }
  return false;
}

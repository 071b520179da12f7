// PostgreSQL's table-level lock modes (docs: "Table-level Lock Modes"), defined here once for
// every layer: the analyzer and the rehearsal compare them, the contract's zod enum is built
// from LOCK_MODES, the renderer shows LOCK_MODE_LABEL. Pure: no Node, no DOM, no zod.

/** Spelled as pg_locks.mode spells them, weakest first: LockStmt's mode number is index + 1. */
export const LOCK_MODES = [
  'AccessShareLock',
  'RowShareLock',
  'RowExclusiveLock',
  'ShareUpdateExclusiveLock',
  'ShareLock',
  'ShareRowExclusiveLock',
  'ExclusiveLock',
  'AccessExclusiveLock',
] as const;

export type LockMode = (typeof LOCK_MODES)[number];

/** The names PostgreSQL's documentation and the reference tables use, for messages a person reads. */
export const LOCK_MODE_LABEL: Readonly<Record<LockMode, string>> = {
  AccessShareLock: 'ACCESS SHARE',
  RowShareLock: 'ROW SHARE',
  RowExclusiveLock: 'ROW EXCLUSIVE',
  ShareUpdateExclusiveLock: 'SHARE UPDATE EXCLUSIVE',
  ShareLock: 'SHARE',
  ShareRowExclusiveLock: 'SHARE ROW EXCLUSIVE',
  ExclusiveLock: 'EXCLUSIVE',
  AccessExclusiveLock: 'ACCESS EXCLUSIVE',
};

/** What kind of relation a lock is on; decides what "blocks reads/writes" means for it. */
export const RELATION_KINDS = [
  'table',
  'partitioned-table',
  'view',
  'matview',
  'index',
  'sequence',
  'unknown',
] as const;

export type RelationKind = (typeof RELATION_KINDS)[number];

const CONFLICTS: Readonly<Record<LockMode, readonly LockMode[]>> = {
  AccessShareLock: ['AccessExclusiveLock'],
  RowShareLock: ['ExclusiveLock', 'AccessExclusiveLock'],
  RowExclusiveLock: ['ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareUpdateExclusiveLock: [
    'ShareUpdateExclusiveLock',
    'ShareLock',
    'ShareRowExclusiveLock',
    'ExclusiveLock',
    'AccessExclusiveLock',
  ],
  ShareLock: [
    'RowExclusiveLock',
    'ShareUpdateExclusiveLock',
    'ShareRowExclusiveLock',
    'ExclusiveLock',
    'AccessExclusiveLock',
  ],
  ShareRowExclusiveLock: [
    'RowExclusiveLock',
    'ShareUpdateExclusiveLock',
    'ShareLock',
    'ShareRowExclusiveLock',
    'ExclusiveLock',
    'AccessExclusiveLock',
  ],
  ExclusiveLock: [
    'RowShareLock',
    'RowExclusiveLock',
    'ShareUpdateExclusiveLock',
    'ShareLock',
    'ShareRowExclusiveLock',
    'ExclusiveLock',
    'AccessExclusiveLock',
  ],
  AccessExclusiveLock: LOCK_MODES,
};

export function conflicts(held: LockMode, wanted: LockMode): boolean {
  return CONFLICTS[held].includes(wanted);
}

export function level(mode: LockMode): number {
  return LOCK_MODES.indexOf(mode);
}

export function stronger(a: LockMode, b: LockMode): LockMode {
  return level(a) >= level(b) ? a : b;
}

// The order a migration goes in, as phases: each change is filed under one, and the diff
// lists them phase by phase. What needs what decides the order: views are dropped before the
// tables they read change and created after; renames come before anything that names the
// renamed objects; foreign keys go before the tables and columns they tie and come back
// after; types and sequences exist before the columns that use them and go after the last
// column that used them; functions exist before the triggers and checks that call them;
// extensions come after the schema they are installed in and before the types that use theirs.
import type { Change } from './operations.ts';

export const PHASES = [
  'dropViews',
  'renames',
  'dropTriggers',
  'dropForeignKeys',
  'dropConstraints',
  'disownSequences',
  'dropTables',
  'createSchemas',
  'createExtensions',
  'createTypes',
  'createTables',
  'columns',
  'dropColumns',
  'routines',
  'addConstraints',
  'addForeignKeys',
  'ownSequences',
  'createViews',
  'createTriggers',
  'comments',
  'dropTypes',
  'dropSchemas',
] as const;

export type Phase = (typeof PHASES)[number];

export interface Planned {
  readonly phase: Phase;
  readonly change: Change;
}

export function inPhaseOrder(planned: readonly Planned[]): Planned[] {
  const rank = new Map<Phase, number>(PHASES.map((p, i) => [p, i]));
  // Array.prototype.sort is stable: within a phase, the order the comparisons produced stays.
  return [...planned].sort((a, b) => rank.get(a.phase)! - rank.get(b.phase)!);
}

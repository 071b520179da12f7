// ALTER COLUMN ... TYPE rewrites the table and every index under ACCESS EXCLUSIVE unless
// the change is binary-compatible or a provably safe widening (varchar(n) → varchar(m≥n) or
// text, numeric precision up with the same scale, timestamp precision up, timestamp ↔
// timestamptz with a UTC session). Those safe forms only take a brief lock and are not
// flagged here (require-lock-timeout still applies).
import type { Rule } from '../rule.ts';
import { displayName } from '../schema/model.ts';

export const changingColumnTypeRewrite: Rule = {
  id: 'changing-column-type-rewrite',
  dialect: 'postgres',
  severity: 'error',
  summary: 'ALTER COLUMN TYPE that rewrites the table (not a binary-compatible or widening change)',
  check(ctx) {
    if (ctx.effects.rewrites.length === 0) return []; // most statements: nothing to filter
    const rewrites = ctx.effects.rewrites.filter((r) => r.cause === 'type-change' && ctx.existing(r.relation));
    if (rewrites.length === 0) return [];
    const tables = [...new Set(rewrites.map((r) => displayName(r.relation)))];
    const rechecked = ctx.effects.scans.filter((s) => s.cause === 'fk-recheck').map((s) => displayName(s.relation));
    const extra =
      rechecked.length > 0
        ? ` Foreign keys are re-checked too: ${[...new Set(rechecked)].join(', ')} ` +
          `${rechecked.length > 1 ? 'are' : 'is'} locked ACCESS EXCLUSIVE and scanned.`
        : '';
    return [
      {
        message:
          `${rewrites[0]?.detail ?? 'the type change'}: ` +
          `${tables.join(', ')} and all ${tables.length > 1 ? 'their' : 'its'} indexes are rewritten ` +
          `under ACCESS EXCLUSIVE, blocking reads and writes for the whole rewrite.${extra} Instead: ` +
          `add a column of the new type, write both (trigger or app), backfill in batches, ` +
          `then swap in one short transaction`,
      },
    ];
  },
};

// ADD COLUMN with a volatile default (random(), clock_timestamp(), gen_random_uuid(),
// nextval()), an identity or serial column, or a STORED generated column must compute a
// value per existing row: the whole table and all its indexes are rewritten under ACCESS
// EXCLUSIVE. A non-volatile default has been free since PostgreSQL 11 (kept in the catalog).
import type { Rule } from '../rule.ts';
import { displayName } from '../schema/model.ts';

const CAUSES = new Set([
  'volatile-default',
  'identity',
  'serial',
  'stored-generated',
  'pre-11-default',
  'set-expression',
  'domain-constraint',
]);

export const volatileDefaultRewrite: Rule = {
  id: 'volatile-default-rewrite',
  dialect: 'postgres',
  severity: 'error',
  summary: 'ADD COLUMN with a volatile default, identity, serial or stored generated column rewrites the table',
  check(ctx) {
    if (ctx.effects.rewrites.length === 0) return []; // most statements: nothing to filter
    const rewrites = ctx.effects.rewrites.filter((r) => CAUSES.has(r.cause) && ctx.existing(r.relation));
    if (rewrites.length === 0) return [];
    const first = rewrites[0];
    if (!first) return [];
    const t = displayName(first.relation);
    const advice =
      first.cause === 'stored-generated'
        ? ctx.state.pgVersion >= 18
          ? 'use a VIRTUAL generated column (no rewrite), or add a plain column, ' +
            'fill it in batches and keep it current with a trigger'
          : 'add a plain column, fill it in batches and keep it current with a trigger'
        : first.cause === 'pre-11-default'
          ? 'add the column without a default, SET DEFAULT (new rows only), backfill in batches'
          : 'add the column with no default, ALTER COLUMN ... SET DEFAULT (applies to new rows only), ' +
            'backfill existing rows in batches, then add NOT NULL via the CHECK recipe';
    const tables = [...new Set(rewrites.map((r) => displayName(r.relation)))];
    return [
      {
        message:
          `${first.detail}: ${tables.join(', ')} ${tables.length > 1 ? 'are' : 'is'} rewritten with all indexes ` +
          `under ACCESS EXCLUSIVE, blocking reads and writes of ${t} for the whole rewrite. Instead: ${advice}`,
      },
    ];
  },
};

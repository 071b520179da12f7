// SET LOGGED / SET UNLOGGED rewrites the table and its indexes (and writes it all to WAL
// for LOGGED) under ACCESS EXCLUSIVE. There is no online form.
import type { Rule } from '../rule.ts';
import { displayName } from '../schema/model.ts';

export const setLoggedRewrite: Rule = {
  id: 'set-logged-rewrite',
  dialect: 'postgres',
  severity: 'error',
  summary: 'ALTER TABLE ... SET LOGGED / UNLOGGED rewrites the table under ACCESS EXCLUSIVE',
  check(ctx) {
    const r = ctx.effects.rewrites.find((x) => x.cause === 'set-logged' && ctx.existing(x.relation));
    if (!r) return [];
    return [
      {
        message:
          `${r.detail} under ACCESS EXCLUSIVE: reads and writes of ${displayName(r.relation)} wait for the whole ` +
          `rewrite. There is no online form: avoid it on big tables, or build a new table and copy in batches`,
      },
    ];
  },
};

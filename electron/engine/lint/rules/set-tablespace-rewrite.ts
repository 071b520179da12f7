// SET TABLESPACE copies every block of the table to the new tablespace under ACCESS
// EXCLUSIVE (the indexes stay where they are): no read or write until the copy is done.
import type { Rule } from '../rule.ts';
import { displayName } from '../schema/model.ts';

export const setTablespaceRewrite: Rule = {
  id: 'set-tablespace-rewrite',
  dialect: 'postgres',
  severity: 'error',
  summary: 'ALTER TABLE ... SET TABLESPACE (or SET ACCESS METHOD) copies the table under ACCESS EXCLUSIVE',
  check(ctx) {
    const r = ctx.effects.rewrites.find((x) => x.cause === 'set-tablespace' && ctx.existing(x.relation));
    if (!r) return [];
    return [
      {
        message:
          `${r.detail}, under ACCESS EXCLUSIVE: reads and writes of ${displayName(r.relation)} wait for ` +
          `the whole copy. Use an online tool (pg_repack --tablespace) or a new table with a batched copy`,
      },
    ];
  },
};

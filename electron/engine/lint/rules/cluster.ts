// CLUSTER rewrites the table in index order under ACCESS EXCLUSIVE, like VACUUM FULL.
import { nodeAs, relName } from '../parse.ts';
import { keyOf, nameOf } from '../rule-helpers.ts';
import type { Rule } from '../rule.ts';

export const cluster: Rule = {
  id: 'cluster',
  dialect: 'postgres',
  severity: 'error',
  summary: 'CLUSTER rewrites the table under ACCESS EXCLUSIVE',
  kinds: ['ClusterStmt'],
  check(ctx) {
    const c = nodeAs(ctx.node, 'ClusterStmt');
    if (!c) return [];
    const table = relName(c.relation);
    if (table && !ctx.existing(keyOf(table))) return [];
    return [
      {
        message:
          `CLUSTER rewrites ${table ? nameOf(table) : 'every clustered table'} and all ` +
          `indexes under ACCESS EXCLUSIVE: reads and writes wait for the whole rewrite. ` +
          `Use pg_repack (it can order by an index) instead`,
      },
    ];
  },
};

// VACUUM FULL copies the table into new storage and rebuilds every index under ACCESS
// EXCLUSIVE: nothing can read or write the table until it finishes.
import { defElemFlag, nodeAs, relName } from '../parse.ts';
import { keyOf, nameOf } from '../rule-helpers.ts';
import type { Rule } from '../rule.ts';

export const vacuumFull: Rule = {
  id: 'vacuum-full',
  dialect: 'postgres',
  severity: 'error',
  summary: 'VACUUM FULL rewrites the table under ACCESS EXCLUSIVE',
  kinds: ['VacuumStmt'],
  check(ctx) {
    const v = nodeAs(ctx.node, 'VacuumStmt');
    if (!v?.is_vacuumcmd || !defElemFlag(v.options, 'full')) return [];
    const tables = (v.rels ?? [])
      .flatMap((r) => relName(nodeAs(r, 'VacuumRelation')?.relation) ?? [])
      .filter((t) => ctx.existing(keyOf(t)));
    const what = tables.length > 0 ? tables.map(nameOf).join(', ') : 'every table of the database';
    return [
      {
        message:
          `VACUUM FULL rewrites ${what} and all indexes under ACCESS EXCLUSIVE: ` +
          `reads and writes wait for the whole copy. ` +
          `Use pg_repack / pg_squeeze (or REPACK where available), or plain VACUUM`,
      },
    ];
  },
};

// ALTER DOMAIN ... ADD CONSTRAINT CHECK checks every column of that domain in every table,
// holding SHARE on each of those tables: their writes wait for all the scans. NOT VALID
// skips the check (new values are still checked); a later VALIDATE takes the same SHARE
// locks (measured), so it only helps if it runs in a quiet moment.
import { nameList, nodeAs } from '../parse.ts';
import { existingLocks } from '../rule-helpers.ts';
import type { Rule } from '../rule.ts';

export const alterDomainAddConstraint: Rule = {
  id: 'alter-domain-add-constraint',
  dialect: 'postgres',
  severity: 'error',
  summary: 'ALTER DOMAIN ... ADD CONSTRAINT / SET NOT NULL / VALIDATE scans every table using the domain under SHARE',
  kinds: ['AlterDomainStmt'],
  check(ctx) {
    const d = nodeAs(ctx.node, 'AlterDomainStmt');
    if (!d) return [];
    const c = nodeAs(d.def, 'Constraint');
    const checking = (d.subtype === 'C' && !c?.skip_validation) || d.subtype === 'O' || d.subtype === 'V';
    if (!checking) return [];
    const domain = nameList(d.typeName).join('.');
    const tables = existingLocks(ctx).map((l) => l.relation);
    const where = tables.length > 0 ? tables.join(', ') : 'every table with a column of this domain';
    const advice =
      d.subtype === 'C'
        ? ' Add it NOT VALID (new values are checked from now on); ' +
          'VALIDATE later takes the same SHARE locks, so schedule it'
        : '';
    return [
      {
        message:
          `${d.subtype === 'V' ? 'VALIDATE' : d.subtype === 'O' ? 'SET NOT NULL' : 'ADD CONSTRAINT'} ` +
          `on domain ${domain} checks ${where} row by row under SHARE: ` +
          `writes to ${tables.length > 1 ? 'those tables' : 'it'} wait for the scans.${advice}`,
      },
    ];
  },
};

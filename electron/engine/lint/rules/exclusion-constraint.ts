// ADD CONSTRAINT ... EXCLUDE builds its index under ACCESS EXCLUSIVE, and there is no
// concurrent way to build one for an existing table.
import { nodeAs } from '../parse.ts';
import { alterCommands, keyOf, nameOf } from '../rule-helpers.ts';
import type { Rule } from '../rule.ts';

export const exclusionConstraint: Rule = {
  id: 'exclusion-constraint',
  dialect: 'postgres',
  severity: 'error',
  summary: 'ADD CONSTRAINT ... EXCLUDE builds its index under ACCESS EXCLUSIVE (no concurrent form)',
  kinds: ['AlterTableStmt'],
  check(ctx) {
    const { table, cmds } = alterCommands(ctx.node);
    if (!table || !ctx.existing(keyOf(table))) return [];
    const hit = cmds.some(
      (c) => c.subtype === 'AT_AddConstraint' && nodeAs(c.def, 'Constraint')?.contype === 'CONSTR_EXCLUSION',
    );
    if (!hit) return [];
    const t = nameOf(table);
    return [
      {
        message:
          `ADD CONSTRAINT ... EXCLUDE on ${t} builds its index under ACCESS EXCLUSIVE: ` +
          `reads and writes of ${t} wait for the whole build, and there is no CONCURRENTLY form. ` +
          `Schedule it for a quiet moment, or build it on a new table and move the data`,
      },
    ];
  },
};

// ADD PRIMARY KEY builds its index under ACCESS EXCLUSIVE, and makes its columns NOT NULL,
// which is one more full scan when they are nullable — even with USING INDEX. The safe
// order: NOT NULL recipe first, CREATE UNIQUE INDEX CONCURRENTLY, then PRIMARY KEY USING INDEX.
import { nodeAs } from '../parse.ts';
import { alterCommands, keyOf, nameOf } from '../rule-helpers.ts';
import type { Rule, RuleHit } from '../rule.ts';

export const primaryKeyWithoutIndex: Rule = {
  id: 'primary-key-without-index',
  dialect: 'postgres',
  severity: 'error',
  summary: 'ADD PRIMARY KEY builds its index (or a NOT NULL scan) under ACCESS EXCLUSIVE',
  kinds: ['AlterTableStmt'],
  check(ctx) {
    const { table, cmds } = alterCommands(ctx.node);
    if (!table || !ctx.existing(keyOf(table))) return [];
    const t = nameOf(table);
    const hits: RuleHit[] = [];
    for (const cmd of cmds) {
      const c = nodeAs(cmd.def, 'Constraint');
      const inline =
        cmd.subtype === 'AT_AddColumn' &&
        (nodeAs(cmd.def, 'ColumnDef')?.constraints ?? []).some(
          (x) => nodeAs(x, 'Constraint')?.contype === 'CONSTR_PRIMARY',
        );
      const added = cmd.subtype === 'AT_AddConstraint' && c?.contype === 'CONSTR_PRIMARY';
      if (!inline && !added) continue;
      const nullScan = ctx.effects.scans.some((s) => s.cause === 'not-null' && ctx.existing(s.relation));
      if (added && c?.indexname) {
        if (nullScan)
          hits.push({
            message:
              `PRIMARY KEY USING INDEX on ${t} still makes its columns NOT NULL, ` +
              `reading every row under ACCESS EXCLUSIVE because they are nullable: ` +
              `make them NOT NULL with the CHECK recipe first`,
          });
        continue;
      }
      hits.push({
        message:
          `ADD PRIMARY KEY on ${t} builds its index${nullScan ? ' and checks NOT NULL on every row' : ''} under ` +
          `ACCESS EXCLUSIVE: reads and writes of ${t} wait throughout. Instead: NOT NULL via the CHECK recipe, ` +
          `CREATE UNIQUE INDEX CONCURRENTLY, then ALTER TABLE ${t} ADD CONSTRAINT ... PRIMARY KEY USING INDEX`,
      });
    }
    return hits;
  },
};

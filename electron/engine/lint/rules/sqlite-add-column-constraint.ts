// SQLite adds a column without touching the rows, so it refuses what would need them:
// PRIMARY KEY or UNIQUE, NOT NULL without a non-NULL default, a non-constant default
// (CURRENT_TIMESTAMP, an expression), a STORED generated column, and a REFERENCES column with
// a non-NULL default while foreign keys are on.
import { constraintsOf } from '../analyze/columns.ts';
import { nodeAs } from '../parse.ts';
import { alterCommands, nameOf } from '../rule-helpers.ts';
import type { Rule, RuleHit } from '../rule.ts';

export const sqliteAddColumnConstraint: Rule = {
  id: 'sqlite-add-column-constraint',
  dialect: 'sqlite',
  severity: 'error',
  summary: 'ADD COLUMN with a constraint or default SQLite refuses (it would need the existing rows)',
  kinds: ['AlterTableStmt'],
  check(ctx) {
    const { table, cmds } = alterCommands(ctx.node);
    if (!table) return [];
    const hits: RuleHit[] = [];
    for (const cmd of cmds) {
      const def = cmd.subtype === 'AT_AddColumn' ? nodeAs(cmd.def, 'ColumnDef') : undefined;
      if (!def) continue;
      const cs = constraintsOf(def);
      const dflt = cs.find((c) => c.contype === 'CONSTR_DEFAULT')?.raw_expr;
      const constant =
        dflt === undefined ||
        nodeAs(dflt, 'A_Const') !== undefined ||
        nodeAs(nodeAs(dflt, 'TypeCast')?.arg, 'A_Const') !== undefined;
      const nonNullDefault = dflt !== undefined && nodeAs(dflt, 'A_Const')?.isnull !== true;
      const problems: string[] = [];
      if (cs.some((c) => c.contype === 'CONSTR_PRIMARY')) problems.push('a PRIMARY KEY column');
      if (cs.some((c) => c.contype === 'CONSTR_UNIQUE')) problems.push('a UNIQUE column');
      if (cs.some((c) => c.contype === 'CONSTR_NOTNULL') && !nonNullDefault)
        problems.push('a NOT NULL column without a non-NULL default');
      if (!constant) problems.push('a column with a non-constant default');
      if (cs.some((c) => c.contype === 'CONSTR_GENERATED' && c.generated_kind === 's'))
        problems.push('a STORED generated column');
      if (cs.some((c) => c.contype === 'CONSTR_FOREIGN') && nonNullDefault)
        problems.push('a REFERENCES column with a non-NULL default (while foreign keys are on)');
      if (problems.length > 0)
        hits.push({
          message:
            `SQLite cannot ADD ${problems.join(', ')} to ${nameOf(table)} (column ${def.colname ?? '?'}): ` +
            `the statement fails. Add a plain nullable column and enforce the rule in a rebuilt table, ` +
            `or rebuild ${nameOf(table)} with the new definition`,
        });
    }
    return hits;
  },
};

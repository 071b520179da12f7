// SET NOT NULL reads every row under ACCESS EXCLUSIVE unless PostgreSQL (12+) finds a
// validated CHECK (col IS NOT NULL) that already proves it. The fix rewrites the statement
// into the recipe: PostgreSQL 18's NOT NULL ... NOT VALID + VALIDATE, or the CHECK recipe
// before that — each step in its own transaction, so the scan runs under SHARE UPDATE
// EXCLUSIVE and the ACCESS EXCLUSIVE steps are brief.
import { nodeAs } from '../parse.ts';
import { alterCommands, ident, keyOf, nameOf, outsideTransaction, qualified } from '../rule-helpers.ts';
import type { Rule, RuleHit } from '../rule.ts';
import { constraintName } from '../schema/naming.ts';

export const setNotNullScan: Rule = {
  id: 'set-not-null-scan',
  dialect: 'postgres',
  severity: 'error',
  summary: 'SET NOT NULL (or a validated NOT NULL constraint) scans the table under ACCESS EXCLUSIVE',
  kinds: ['AlterTableStmt'],
  check(ctx) {
    const { table, cmds } = alterCommands(ctx.node);
    if (!table || !ctx.existing(keyOf(table))) return [];
    const scans = ctx.effects.scans.filter((s) => s.cause === 'not-null' && ctx.existing(s.relation));
    if (scans.length === 0) return [];
    const t = nameOf(table);
    const hits: RuleHit[] = [];
    for (const cmd of cmds) {
      const isSet = cmd.subtype === 'AT_SetNotNull';
      if (!isSet) continue;
      const column = cmd.name ?? '?';
      const v18 = ctx.state.pgVersion >= 18;
      const recipe = v18
        ? `ADD CONSTRAINT ... NOT NULL ${column} NOT VALID, ` +
          `then VALIDATE CONSTRAINT in its own transaction (PostgreSQL 18)`
        : ctx.state.pgVersion >= 12
          ? `ADD CONSTRAINT ... CHECK (${column} IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT; ` +
            `SET NOT NULL (no scan now); DROP the CHECK — each in its own transaction`
          : 'backfill and accept the scan in a quiet moment (PostgreSQL < 12 cannot skip it)';
      hits.push({
        message:
          `SET NOT NULL on ${t}.${column} reads every row of ${t} under ACCESS EXCLUSIVE: ` +
          `reads and writes wait for the whole scan. Safe recipe: ${recipe}`,
        fix: cmds.length === 1 && ctx.state.pgVersion >= 12 ? fix(column, v18) : undefined,
      });
    }
    for (const cmd of cmds) {
      const c = nodeAs(cmd.def, 'Constraint');
      if (cmd.subtype !== 'AT_AddConstraint' || c?.contype !== 'CONSTR_NOTNULL' || c.skip_validation) continue;
      hits.push({
        message:
          `ADD CONSTRAINT ... NOT NULL on ${t} validates every row under ACCESS EXCLUSIVE: ` +
          `add it NOT VALID, then VALIDATE CONSTRAINT in its own transaction (SHARE UPDATE EXCLUSIVE)`,
      });
    }
    return hits;

    function fix(column: string, v18: boolean): RuleHit['fix'] {
      if (!table) return undefined;
      const rel = ctx.model.find(table);
      const name = constraintName(
        table.name,
        [column],
        v18 ? 'not_null' : 'check',
        (n) => rel?.constraints.has(n) === true,
      );
      const q = qualified(table);
      const c = ident(column);
      const n = ident(name);
      const steps = v18
        ? [`ALTER TABLE ${q} ADD CONSTRAINT ${n} NOT NULL ${c} NOT VALID`, `ALTER TABLE ${q} VALIDATE CONSTRAINT ${n}`]
        : [
            `ALTER TABLE ${q} ADD CONSTRAINT ${n} CHECK (${c} IS NOT NULL) NOT VALID`,
            `ALTER TABLE ${q} VALIDATE CONSTRAINT ${n}`,
            `ALTER TABLE ${q} ALTER COLUMN ${c} SET NOT NULL`,
            `ALTER TABLE ${q} DROP CONSTRAINT ${n}`,
          ];
      return {
        description: v18
          ? 'Add the NOT NULL constraint NOT VALID and validate it separately'
          : 'Prove NOT NULL with a validated CHECK first, so SET NOT NULL does not scan',
        edits: [ctx.fixes.replace(steps.join(';\n'))],
        ...outsideTransaction(ctx),
      };
    }
  },
};

// ADD CONSTRAINT CHECK / FOREIGN KEY validates every existing row while holding its lock:
// ACCESS EXCLUSIVE for a CHECK (reads and writes wait), SHARE ROW EXCLUSIVE on both tables
// for a foreign key (writes to both wait). Adding it NOT VALID is instant; VALIDATE
// CONSTRAINT then scans under SHARE UPDATE EXCLUSIVE, which blocks neither — but only in its
// own transaction, hence the `transactional false` in the fix.
import { columnsNamed } from '../analyze/queries.ts';
import { nameList, nodeAs, relName } from '../parse.ts';
import { alterCommands, ident, keyOf, nameOf, outsideTransaction, qualified } from '../rule-helpers.ts';
import type { Rule, RuleHit } from '../rule.ts';
import { constraintName } from '../schema/naming.ts';
import type { TextEdit } from '../types.ts';

export const constraintMissingNotValid: Rule = {
  id: 'constraint-missing-not-valid',
  dialect: 'postgres',
  severity: 'error',
  summary: 'ADD CONSTRAINT CHECK / FOREIGN KEY without NOT VALID scans the table while writes wait',
  kinds: ['AlterTableStmt'],
  check(ctx) {
    const { table, cmds } = alterCommands(ctx.node);
    if (!table || !ctx.existing(keyOf(table))) return [];
    const t = nameOf(table);
    const hits: RuleHit[] = [];
    for (const cmd of cmds) {
      if (cmd.subtype === 'AT_AddColumn') {
        const def = nodeAs(cmd.def, 'ColumnDef');
        const inlineCheck = (def?.constraints ?? []).some((c) => nodeAs(c, 'Constraint')?.contype === 'CONSTR_CHECK');
        if (inlineCheck)
          hits.push({
            message:
              `ADD COLUMN ${def?.colname ?? ''} with an inline CHECK verifies every row of ${t} under ` +
              `ACCESS EXCLUSIVE (reads and writes wait). Add the column first, then ADD CONSTRAINT ... ` +
              `CHECK (...) NOT VALID and VALIDATE CONSTRAINT in a separate transaction`,
          });
        continue;
      }
      if (cmd.subtype !== 'AT_AddConstraint') continue;
      const c = nodeAs(cmd.def, 'Constraint');
      if (!c || c.skip_validation || (c.contype !== 'CONSTR_CHECK' && c.contype !== 'CONSTR_FOREIGN')) continue;
      const fk = c.contype === 'CONSTR_FOREIGN';
      const parent = fk ? nameOf(relName(c.pktable)) : '';
      const message = fk
        ? `ADD FOREIGN KEY on ${t} validates every row while holding SHARE ROW EXCLUSIVE on ${t} and on ${parent}: ` +
          `writes to both tables wait for the whole scan. Add it NOT VALID, ` +
          `then VALIDATE CONSTRAINT in a separate transaction (SHARE UPDATE EXCLUSIVE on ${t}, ` +
          `ROW SHARE on ${parent}: nothing waits)`
        : `ADD CHECK on ${t} verifies every row under ACCESS EXCLUSIVE: ` +
          `reads and writes of ${t} wait for the whole scan. Add it NOT VALID, ` +
          `then VALIDATE CONSTRAINT in a separate transaction (SHARE UPDATE EXCLUSIVE: nothing waits)`;
      hits.push({ message, fix: cmds.length === 1 ? notValidFix() : undefined });

      function notValidFix(): RuleHit['fix'] {
        if (!c || !table) return undefined;
        const rel = ctx.model.find(table);
        const taken = (n: string): boolean =>
          rel?.constraints.has(n) === true || ctx.model.has(`${table.schema ?? 'public'}.${n}`);
        const cols = fk ? nameList(c.fk_attrs) : [...columnsNamed(c.raw_expr)].filter((x) => x !== '*');
        const name =
          c.conname ??
          constraintName(table.name, fk ? cols : cols.length === 1 ? cols : [], fk ? 'fkey' : 'check', taken);
        // The end of the statement first: it needs every token, and the name's place is among them.
        const append = ctx.fixes.append('NOT VALID');
        const edits: TextEdit[] = [];
        if (!c.conname) {
          const at = ctx.fixes.indexOf(fk ? 'FOREIGN' : 'CHECK');
          const named = at >= 0 ? ctx.fixes.beforeToken(at, `CONSTRAINT ${ident(name)}`) : undefined;
          if (!named) return undefined;
          edits.push(named);
        }
        if (!append) return undefined;
        edits.push(append, ctx.fixes.followWith(`ALTER TABLE ${qualified(table)} VALIDATE CONSTRAINT ${ident(name)}`));
        return {
          description: `Add ${name} NOT VALID, then VALIDATE it in its own transaction`,
          edits,
          ...outsideTransaction(ctx),
        };
      }
    }
    return hits;
  },
};

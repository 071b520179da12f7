// A foreign key declared with a new column (ADD COLUMN ... REFERENCES) or a new table
// (CREATE TABLE ... REFERENCES, or ADD CONSTRAINT ... REFERENCES on a table created in the
// same revision) takes SHARE ROW EXCLUSIVE on the referenced table: writes to
// that other, usually busy table wait, and the statement queues behind its writers. No
// other linter names this second table.
import { nodeAs, relName } from '../parse.ts';
import { alterCommands, keyOf, lockTimeoutFix, nameOf } from '../rule-helpers.ts';
import type { Rule, RuleHit } from '../rule.ts';
import type { RangeVar } from 'libpg-query';
import { constraintsOf } from '../analyze/columns.ts';

export const foreignKeyLocksParent: Rule = {
  id: 'foreign-key-locks-parent',
  dialect: 'postgres',
  severity: 'warning',
  summary: 'ADD COLUMN / CREATE TABLE ... REFERENCES takes SHARE ROW EXCLUSIVE on the referenced table',
  kinds: ['CreateStmt', 'AlterTableStmt'],
  check(ctx) {
    const parents: RangeVar[] = [];
    const create = nodeAs(ctx.node, 'CreateStmt');
    let subject: string;
    if (create) {
      subject = `CREATE TABLE ${nameOf(relName(create.relation))}`;
      for (const e of create.tableElts ?? []) {
        const col = nodeAs(e, 'ColumnDef');
        for (const c of col ? constraintsOf(col) : [nodeAs(e, 'Constraint')].filter((x) => x !== undefined))
          if (c.contype === 'CONSTR_FOREIGN' && c.pktable) parents.push(c.pktable);
      }
    } else {
      const { table, cmds } = alterCommands(ctx.node);
      subject = `ADD COLUMN ... REFERENCES on ${nameOf(table)}`;
      for (const cmd of cmds) {
        const col = cmd.subtype === 'AT_AddColumn' ? nodeAs(cmd.def, 'ColumnDef') : undefined;
        for (const c of col ? constraintsOf(col) : [])
          if (c.contype === 'CONSTR_FOREIGN' && c.pktable) parents.push(c.pktable);
        // On a table created in this revision, ADD CONSTRAINT ... REFERENCES is the same new
        // foreign key (an existing table's is constraint-missing-not-valid's).
        const added =
          cmd.subtype === 'AT_AddConstraint' && table && !ctx.existing(keyOf(table))
            ? nodeAs(cmd.def, 'Constraint')
            : undefined;
        if (added?.contype === 'CONSTR_FOREIGN' && added.pktable) {
          subject = `ADD CONSTRAINT ... REFERENCES on the new table ${nameOf(table)}`;
          parents.push(added.pktable);
        }
      }
    }
    // With lock_timeout in force the wait behind the parent's writers is bounded.
    if (ctx.state.lockTimeout) return [];
    const hits: RuleHit[] = [];
    for (const p of parents) {
      const parent = relName(p);
      if (
        !parent ||
        !ctx.existing(keyOf(parent)) ||
        nameOf(parent) === nameOf(relName(create?.relation)) ||
        nameOf(parent) === nameOf(alterCommands(ctx.node).table)
      )
        continue;
      const name = nameOf(parent);
      hits.push({
        message:
          `${subject} takes SHARE ROW EXCLUSIVE on ${name}, the table it references: ` +
          `writes to ${name} wait until this transaction commits, ` +
          `and the statement queues behind the running writers of ${name}. Set lock_timeout, ` +
          `or add the column/table without the foreign key and add it NOT VALID later`,
        fix: lockTimeoutFix(ctx),
      });
    }
    return hits;
  },
};

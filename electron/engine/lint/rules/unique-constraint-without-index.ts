// ADD UNIQUE (or ADD COLUMN ... UNIQUE) builds the index under ACCESS EXCLUSIVE. The same
// constraint can be built without blocking: CREATE UNIQUE INDEX CONCURRENTLY, then
// ADD CONSTRAINT ... UNIQUE USING INDEX (a brief lock, no scan).
import { nameList, nodeAs } from '../parse.ts';
import { alterCommands, ident, keyOf, nameOf, outsideTransaction, qualified } from '../rule-helpers.ts';
import type { Rule, RuleHit } from '../rule.ts';
import { indexName } from '../schema/naming.ts';

export const uniqueConstraintWithoutIndex: Rule = {
  id: 'unique-constraint-without-index',
  dialect: 'postgres',
  severity: 'error',
  summary: 'ADD UNIQUE builds its index under ACCESS EXCLUSIVE instead of USING INDEX',
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
          (x) => nodeAs(x, 'Constraint')?.contype === 'CONSTR_UNIQUE',
        );
      const added = cmd.subtype === 'AT_AddConstraint' && c?.contype === 'CONSTR_UNIQUE' && !c.indexname;
      if (!inline && !added) continue;
      const columns = added && c ? nameList(c.keys) : [];
      const fix =
        added && c && cmds.length === 1 && columns.length > 0 && !c.nulls_not_distinct
          ? usingIndexFix(columns, c.conname)
          : undefined;
      hits.push({
        message:
          `UNIQUE on ${t} builds its index under ACCESS EXCLUSIVE: ` +
          `reads and writes of ${t} wait for the whole build. Instead: CREATE UNIQUE INDEX CONCURRENTLY, ` +
          `then ALTER TABLE ${t} ADD CONSTRAINT ... UNIQUE USING INDEX (brief lock, no scan)`,
        fix,
      });
    }
    return hits;

    function usingIndexFix(columns: string[], conname: string | undefined): RuleHit['fix'] {
      if (!table) return undefined;
      const name =
        conname ?? indexName(table.name, columns, 'unique', (n) => ctx.model.has(`${table.schema ?? 'public'}.${n}`));
      const q = qualified(table);
      const sql = [
        `CREATE UNIQUE INDEX CONCURRENTLY ${ident(name)} ON ${q} (${columns.map(ident).join(', ')})`,
        `ALTER TABLE ${q} ADD CONSTRAINT ${ident(name)} UNIQUE USING INDEX ${ident(name)}`,
      ].join(';\n');
      return {
        description: 'Build the unique index concurrently, then attach it as the constraint',
        edits: [ctx.fixes.replace(sql)],
        ...outsideTransaction(ctx),
      };
    }
  },
};

// DROP COLUMN exists only since SQLite 3.35, rewrites every row, and fails when the column
// is part of a PRIMARY KEY, UNIQUE constraint, index, foreign key, or is used by a view,
// trigger or CHECK. The older way is the 12-step table rebuild.
import { alterCommands, keyOf, nameOf } from '../rule-helpers.ts';
import type { Rule, RuleHit } from '../rule.ts';

export const sqliteDropColumn: Rule = {
  id: 'sqlite-drop-column',
  dialect: 'sqlite',
  severity: 'error',
  summary: 'DROP COLUMN on SQLite older than 3.35, or on a column SQLite cannot drop in place',
  kinds: ['AlterTableStmt'],
  check(ctx) {
    const { table, cmds } = alterCommands(ctx.node);
    if (!table) return [];
    const hits: RuleHit[] = [];
    const [major = 3, minor = 0] = ctx.state.sqliteVersion;
    const rel = ctx.model.get(keyOf(table));
    for (const cmd of cmds) {
      if (cmd.subtype !== 'AT_DropColumn') continue;
      const column = cmd.name ?? '?';
      const t = nameOf(table);
      if (major === 3 && minor < 35) {
        hits.push({
          message:
            `DROP COLUMN needs SQLite 3.35 (this project targets ${ctx.state.sqliteVersion.join('.')}): ` +
            `rebuild ${t} without ${column} (CREATE TABLE new_${table.name} ..., copy, DROP, RENAME, ` +
            `re-create indexes and triggers, with PRAGMA foreign_keys=OFF set before the transaction)`,
        });
        continue;
      }
      const blockers: string[] = [];
      // NOT NULL lives in the column itself: SQLite drops such a column like any other.
      for (const c of rel?.constraints.values() ?? [])
        if (c.kind !== 'not-null' && c.columns.includes(column)) blockers.push(`${c.kind.replace('-', ' ')} ${c.name}`);
      for (const i of rel?.indexes ?? [])
        if (ctx.model.get(i)?.index?.columns.includes(column)) blockers.push(`index ${ctx.model.get(i)?.name ?? i}`);
      const unique = [...new Set(blockers)];
      if (unique.length > 0)
        hits.push({
          message:
            `SQLite refuses to drop ${t}.${column}: ` +
            `it is used by ${unique.join(', ')}. Drop those first, or rebuild ${t}`,
        });
    }
    return hits;
  },
};

// SQLite's ALTER TABLE can only RENAME TO, RENAME COLUMN (3.25+), ADD COLUMN and DROP
// COLUMN (3.35+), one action per statement. Anything else — changing a type, a default,
// NOT NULL, adding or dropping a constraint — fails, and needs the 12-step table rebuild.
import type { AlterTableType } from 'libpg-query';
import { nodeAs } from '../parse.ts';
import { alterCommands, nameOf } from '../rule-helpers.ts';
import type { Rule } from '../rule.ts';

const DESCRIBE: Partial<Record<AlterTableType, string>> = {
  AT_AlterColumnType: 'ALTER COLUMN ... TYPE',
  AT_ColumnDefault: 'ALTER COLUMN ... SET/DROP DEFAULT',
  AT_SetNotNull: 'ALTER COLUMN ... SET NOT NULL',
  AT_DropNotNull: 'ALTER COLUMN ... DROP NOT NULL',
  AT_AddConstraint: 'ADD CONSTRAINT',
  AT_DropConstraint: 'DROP CONSTRAINT',
};

export const sqliteUnsupportedAlter: Rule = {
  id: 'sqlite-unsupported-alter',
  dialect: 'sqlite',
  severity: 'error',
  summary: 'an ALTER TABLE form SQLite cannot do in place (it needs a table rebuild)',
  kinds: ['RenameStmt', 'AlterTableStmt'],
  check(ctx) {
    const rename = nodeAs(ctx.node, 'RenameStmt');
    const [major = 3, minor = 0] = ctx.state.sqliteVersion;
    if (rename?.renameType === 'OBJECT_COLUMN' && major === 3 && minor < 25) {
      return [
        {
          message:
            `RENAME COLUMN needs SQLite 3.25 (this project targets ${ctx.state.sqliteVersion.join('.')}): ` +
            `rebuild the table instead`,
        },
      ];
    }
    const { table, cmds } = alterCommands(ctx.node);
    if (!table || cmds.length === 0) return [];
    const t = nameOf(table);
    const unsupported = cmds.flatMap((c) =>
      c.subtype && c.subtype !== 'AT_AddColumn' && c.subtype !== 'AT_DropColumn'
        ? [DESCRIBE[c.subtype] ?? c.subtype.replace('AT_', '')]
        : [],
    );
    if (unsupported.length > 0) {
      return [
        {
          message:
            `SQLite has no ALTER TABLE ${unsupported.join(', ')}: the statement fails. ` +
            `Rebuild ${t}: CREATE TABLE new_${table.name} with the new definition, ` +
            `INSERT INTO new_${table.name} SELECT ... FROM ${t}, DROP TABLE ${t}, ` +
            `ALTER TABLE new_${table.name} RENAME TO ${table.name}, then re-create its indexes, ` +
            `triggers and views (with PRAGMA foreign_keys=OFF set before the transaction)`,
        },
      ];
    }
    if (cmds.length > 1)
      return [
        {
          message:
            `SQLite's ALTER TABLE takes one action per statement: ` +
            `split this into ${cmds.length} ALTER TABLE ${t} statements`,
        },
      ];
    return [];
  },
};

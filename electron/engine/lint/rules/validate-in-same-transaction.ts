// The NOT VALID + VALIDATE recipe only helps when VALIDATE runs in its own transaction.
// In one transaction with the ADD (or any earlier statement that took a write-blocking
// lock on the table), the strong lock is still held while VALIDATE scans the table.
import { blocksWriters } from '../lock-modes.ts';
import { LOCK_MODE_LABEL } from '../../../../shared/model/lock-mode.ts';
import { alterCommands, keyOf, nameOf } from '../rule-helpers.ts';
import type { Rule } from '../rule.ts';

export const validateInSameTransaction: Rule = {
  id: 'validate-in-same-transaction',
  dialect: 'postgres',
  severity: 'error',
  summary: 'VALIDATE CONSTRAINT in the same transaction as a statement that locked the table against writes',
  kinds: ['AlterTableStmt'],
  check(ctx) {
    if (!ctx.state.transactional) return [];
    const { table, cmds } = alterCommands(ctx.node);
    if (!table || !ctx.existing(keyOf(table))) return [];
    const validate = cmds.find((c) => c.subtype === 'AT_ValidateConstraint');
    if (!validate) return [];
    const held = ctx.state.held.get(keyOf(table));
    if (!held || !blocksWriters(held)) return [];
    const t = nameOf(table);
    return [
      {
        message:
          `VALIDATE CONSTRAINT ${validate.name ?? ''} scans ${t} while this revision's ` +
          `transaction still holds ${LOCK_MODE_LABEL[held]} on ${t} from an earlier statement: ` +
          `the scan blocks ${held === 'AccessExclusiveLock' ? 'reads and writes' : 'writes'} ` +
          `after all. Run it in its own transaction: ` +
          `mark the revision 'transactional false' or move VALIDATE to the next revision`,
        fix: {
          description: "Mark the revision 'transactional false', so each statement commits on its own",
          edits: [],
          header: { transactional: false },
        },
      },
    ];
  },
};

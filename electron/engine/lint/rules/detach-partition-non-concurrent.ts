// DETACH PARTITION takes ACCESS EXCLUSIVE on the partitioned table (and the partition, and
// a DEFAULT partition): every query on the parent waits. DETACH ... CONCURRENTLY
// (PostgreSQL 14+) takes SHARE UPDATE EXCLUSIVE, but not when a DEFAULT partition exists.
import { nodeAs, relName } from '../parse.ts';
import { alterCommands, keyOf, nameOf, outsideTransaction, whereRevision } from '../rule-helpers.ts';
import type { Rule } from '../rule.ts';

export const detachPartitionNonConcurrent: Rule = {
  id: 'detach-partition-non-concurrent',
  dialect: 'postgres',
  severity: 'warning',
  summary: 'DETACH PARTITION without CONCURRENTLY takes ACCESS EXCLUSIVE on the partitioned table',
  kinds: ['AlterTableStmt'],
  check(ctx) {
    const { table, cmds } = alterCommands(ctx.node);
    if (!table || !ctx.existing(keyOf(table))) return [];
    const detach = cmds.find((c) => c.subtype === 'AT_DetachPartition' && !nodeAs(c.def, 'PartitionCmd')?.concurrent);
    if (!detach) return [];
    const t = nameOf(table);
    const part = nameOf(relName(nodeAs(detach.def, 'PartitionCmd')?.name));
    const dflt = ctx.model.defaultPartitionOf(keyOf(table));
    const base =
      `DETACH PARTITION ${part} takes ACCESS EXCLUSIVE on ${t}: ` +
      `every read and write of ${t} waits (briefly, but behind any long transaction on it)`;
    if (ctx.state.pgVersion < 14) return [{ message: `${base}. DETACH ... CONCURRENTLY needs PostgreSQL 14` }];
    if (dflt)
      return [
        {
          message:
            `${base}, and on its DEFAULT partition ${nameOf({ schema: dflt.schema, name: dflt.name })}. ` +
            `CONCURRENTLY is refused while a DEFAULT partition exists: ` +
            `set lock_timeout and run it in a quiet moment`,
        },
      ];
    const edit = cmds.length === 1 ? ctx.fixes.append('CONCURRENTLY') : undefined;
    return [
      {
        message: `${base}. Use DETACH PARTITION ... CONCURRENTLY and ${whereRevision(ctx)}`,
        fix: edit ? { description: 'Detach CONCURRENTLY', edits: [edit], ...outsideTransaction(ctx) } : undefined,
      },
    ];
  },
};

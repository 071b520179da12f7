// ATTACH PARTITION itself takes only SHARE UPDATE EXCLUSIVE on the partitioned table (PG 12+),
// but with a DEFAULT partition it also takes ACCESS EXCLUSIVE on that partition and scans it
// to prove none of its rows belong to the new one — and reads of the parent then wait too.
import { nodeAs, relName } from '../parse.ts';
import { alterCommands, keyOf, nameOf } from '../rule-helpers.ts';
import type { Rule } from '../rule.ts';

export const attachPartitionDefaultScan: Rule = {
  id: 'attach-partition-default-scan',
  dialect: 'postgres',
  severity: 'error',
  summary: 'ATTACH PARTITION (or PARTITION OF) scans the DEFAULT partition under ACCESS EXCLUSIVE',
  kinds: ['AlterTableStmt'],
  check(ctx) {
    const { table, cmds } = alterCommands(ctx.node);
    if (!table || !ctx.existing(keyOf(table))) return [];
    const attach = cmds.find((c) => c.subtype === 'AT_AttachPartition');
    if (!attach) return [];
    const dflt = ctx.model.defaultPartitionOf(keyOf(table));
    const part = nameOf(relName(nodeAs(attach.def, 'PartitionCmd')?.name));
    if (!dflt || dflt.name === part) return [];
    const t = nameOf(table);
    return [
      {
        message:
          `ATTACH PARTITION ${part} to ${t} takes ACCESS EXCLUSIVE on the DEFAULT partition ${dflt.name} ` +
          `and scans it: reads of ${t} wait for the scan, and so do writes routed to ${dflt.name}. ` +
          `First add a CHECK to ${dflt.name} that excludes the new range (NOT VALID, then VALIDATE), ` +
          `or avoid DEFAULT partitions on busy tables`,
      },
    ];
  },
};

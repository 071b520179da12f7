// CREATE TABLE ... PARTITION OF takes ACCESS EXCLUSIVE on the partitioned table — every
// query on it waits — and, when a DEFAULT partition exists, scans that partition under the
// same lock. Creating a standalone table and ATTACHing it needs only SHARE UPDATE EXCLUSIVE.
import { nodeAs, relName } from '../parse.ts';
import { keyOf, nameOf } from '../rule-helpers.ts';
import type { Rule } from '../rule.ts';

export const createTablePartitionOf: Rule = {
  id: 'create-table-partition-of',
  dialect: 'postgres',
  severity: 'warning',
  summary: 'CREATE TABLE ... PARTITION OF takes ACCESS EXCLUSIVE on the partitioned table',
  kinds: ['CreateStmt'],
  check(ctx) {
    const c = nodeAs(ctx.node, 'CreateStmt');
    if (!c?.partbound) return [];
    const parent = relName(nodeAs(c.inhRelations?.[0], 'RangeVar'));
    if (!parent || !ctx.existing(keyOf(parent))) return [];
    const p = nameOf(parent);
    const dflt = ctx.model.defaultPartitionOf(keyOf(parent));
    const recipe =
      `create ${nameOf(relName(c.relation))} as a standalone table with a CHECK matching the bound (NOT VALID, ` +
      `then VALIDATE), then ALTER TABLE ${p} ATTACH PARTITION (SHARE UPDATE EXCLUSIVE on ${p}, no scan)`;
    if (dflt && !c.partbound.is_default) {
      return [
        {
          severity: 'error',
          message:
            `CREATE TABLE ... PARTITION OF ${p} takes ACCESS EXCLUSIVE on ${p} and scans its DEFAULT ` +
            `partition ${dflt.name} under ACCESS EXCLUSIVE: every read and write of ${p} waits for the scan. ` +
            `Instead, ${recipe}; better still, avoid DEFAULT partitions on busy tables`,
        },
      ];
    }
    return [
      {
        message:
          `CREATE TABLE ... PARTITION OF ${p} takes ACCESS EXCLUSIVE on ${p}: ` +
          `every read and write of the partitioned table waits (briefly, ` +
          `but behind any long transaction on it). Instead, ${recipe}`,
      },
    ];
  },
};

// CREATE INDEX without CONCURRENTLY holds SHARE on the table for the whole build: reads go
// on, every write waits. CONCURRENTLY builds under SHARE UPDATE EXCLUSIVE instead (two
// scans, no write blocking) but cannot run inside a transaction block.
import { nodeAs, relName } from '../parse.ts';
import { nameOf, keyOf, outsideTransaction, whereRevision } from '../rule-helpers.ts';
import type { Rule } from '../rule.ts';

export const requireConcurrentIndexCreation: Rule = {
  id: 'require-concurrent-index-creation',
  dialect: 'postgres',
  severity: 'error',
  summary: 'CREATE INDEX on an existing table without CONCURRENTLY blocks writes for the whole build',
  kinds: ['IndexStmt'],
  check(ctx) {
    const idx = nodeAs(ctx.node, 'IndexStmt');
    const table = relName(idx?.relation);
    if (!idx || idx.concurrent || !table || !ctx.existing(keyOf(table))) return [];
    const t = nameOf(table);
    const rel = ctx.model.find(table);
    if (rel?.kind === 'partitioned-table') {
      if (idx.relation?.inh !== true) return []; // ON ONLY: nothing is built
      return [
        {
          message:
            `CREATE INDEX on the partitioned table ${t} takes SHARE on it and on every partition ` +
            `and builds each partition's index under it: writes to ${t} wait for the whole build. ` +
            `CONCURRENTLY is not supported on a partitioned table: CREATE INDEX ... ON ONLY ${t}, ` +
            `then CREATE INDEX CONCURRENTLY on each partition and ALTER INDEX ... ATTACH PARTITION`,
        },
      ];
    }
    const edit = ctx.fixes.afterKeywords(['INDEX'], 'CONCURRENTLY');
    return [
      {
        message:
          `CREATE INDEX on ${t} takes SHARE on ${t} for the whole build: every INSERT, ` +
          `UPDATE and DELETE on ${t} waits until it finishes (reads go on). ` +
          `Build it with CREATE INDEX CONCURRENTLY and ${whereRevision(ctx)}`,
        fix: edit
          ? {
              description:
                `Build the index CONCURRENTLY` +
                `${ctx.state.transactional ? " and mark the revision 'transactional false'" : ''}`,
              edits: [edit],
              ...outsideTransaction(ctx),
            }
          : undefined,
      },
    ];
  },
};

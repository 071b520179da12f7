// DROP INDEX takes ACCESS EXCLUSIVE on the index's table: brief, but every query on the
// table queues behind it while it waits for its lock. DROP INDEX CONCURRENTLY takes
// SHARE UPDATE EXCLUSIVE and waits for running transactions instead.
import { nameList, nodeAs, relFromNames } from '../parse.ts';
import { keyOf, nameOf, outsideTransaction, whereRevision } from '../rule-helpers.ts';
import type { Rule } from '../rule.ts';
import { displayName } from '../schema/model.ts';

export const requireConcurrentIndexDeletion: Rule = {
  id: 'require-concurrent-index-deletion',
  dialect: 'postgres',
  severity: 'warning',
  summary: 'DROP INDEX without CONCURRENTLY takes ACCESS EXCLUSIVE on the table',
  kinds: ['DropStmt'],
  check(ctx) {
    const drop = nodeAs(ctx.node, 'DropStmt');
    if (drop?.removeType !== 'OBJECT_INDEX' || drop.concurrent) return [];
    const names = (drop.objects ?? []).map((o) => relFromNames(nameList(nodeAs(o, 'List')?.items)));
    const existing = names.filter((n) => n && ctx.existing(keyOf(n)));
    if (existing.length === 0) return [];
    const index = ctx.model.find(existing[0]);
    const table = index?.index ? displayName(index.index.table) : 'its table';
    // CONCURRENTLY drops exactly one index and cannot CASCADE.
    const fixable = names.length === 1 && drop.behavior !== 'DROP_CASCADE';
    const edit = fixable ? ctx.fixes.afterKeywords(['INDEX'], 'CONCURRENTLY') : undefined;
    return [
      {
        message:
          `DROP INDEX ${existing.map(nameOf).join(', ')} takes ACCESS EXCLUSIVE on ${table}: ` +
          `reads and writes of ${table} wait, and queue behind any long transaction that holds ${table}. ` +
          `Use DROP INDEX CONCURRENTLY (one index, no CASCADE) and ${whereRevision(ctx)}`,
        fix: edit
          ? { description: 'Drop the index CONCURRENTLY', edits: [edit], ...outsideTransaction(ctx) }
          : undefined,
      },
    ];
  },
};

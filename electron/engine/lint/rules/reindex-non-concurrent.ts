// REINDEX holds SHARE on the table and ACCESS EXCLUSIVE on the index being rebuilt; queries
// open every index of their table while planning, so reads wait as well as writes.
// REINDEX CONCURRENTLY (PostgreSQL 12+) builds a new index alongside and swaps it in.
import { defElemFlag, nodeAs, relName } from '../parse.ts';
import { keyOf, nameOf, outsideTransaction, whereRevision } from '../rule-helpers.ts';
import type { Rule } from '../rule.ts';

const KEYWORD: Readonly<Record<string, string>> = {
  REINDEX_OBJECT_INDEX: 'INDEX',
  REINDEX_OBJECT_TABLE: 'TABLE',
  REINDEX_OBJECT_SCHEMA: 'SCHEMA',
  REINDEX_OBJECT_DATABASE: 'DATABASE',
};

export const reindexNonConcurrent: Rule = {
  id: 'reindex-non-concurrent',
  dialect: 'postgres',
  severity: 'error',
  summary: 'REINDEX without CONCURRENTLY blocks reads and writes of the table',
  kinds: ['ReindexStmt'],
  check(ctx) {
    const r = nodeAs(ctx.node, 'ReindexStmt');
    if (!r || defElemFlag(r.params, 'concurrently') || r.kind === 'REINDEX_OBJECT_SYSTEM') return [];
    const target = relName(r.relation);
    if (target && !ctx.existing(keyOf(target))) return [];
    const keyword = r.kind ? KEYWORD[r.kind] : undefined;
    const what = target ? nameOf(target) : (r.name ?? 'the database');
    if (ctx.state.pgVersion < 12)
      return [
        {
          message:
            `REINDEX ${what} blocks writes of the table and, holding ACCESS EXCLUSIVE on the index, ` +
            `its reads too. CONCURRENTLY needs PostgreSQL 12: ` +
            `build a new index CONCURRENTLY and drop the old one instead`,
        },
      ];
    const edit = keyword ? ctx.fixes.afterKeywords([keyword], 'CONCURRENTLY') : undefined;
    return [
      {
        message:
          `REINDEX ${what} holds ACCESS EXCLUSIVE on the index${r.kind === 'REINDEX_OBJECT_INDEX' ? '' : 'es'} ` +
          `it rebuilds (SHARE on the table): reads wait because planning opens every index of the table, ` +
          `and writes wait too, for the whole rebuild. Use REINDEX ... CONCURRENTLY and ${whereRevision(ctx)}`,
        fix: edit ? { description: 'Rebuild CONCURRENTLY', edits: [edit], ...outsideTransaction(ctx) } : undefined,
      },
    ];
  },
};

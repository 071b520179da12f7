// REFRESH MATERIALIZED VIEW (without CONCURRENTLY) fills new storage under ACCESS
// EXCLUSIVE: nobody can read the matview until the whole query has run. CONCURRENTLY takes
// EXCLUSIVE instead (reads go on) but needs a unique index on the matview.
import { nodeAs, relName } from '../parse.ts';
import { keyOf, nameOf } from '../rule-helpers.ts';
import type { Rule } from '../rule.ts';

export const refreshMatviewNonConcurrent: Rule = {
  id: 'refresh-matview-non-concurrent',
  dialect: 'postgres',
  severity: 'error',
  summary: 'REFRESH MATERIALIZED VIEW without CONCURRENTLY blocks reads of the matview for the whole refresh',
  kinds: ['RefreshMatViewStmt'],
  check(ctx) {
    const r = nodeAs(ctx.node, 'RefreshMatViewStmt');
    const name = relName(r?.relation);
    if (!r || r.concurrent || r.skipData || !name || !ctx.existing(keyOf(name))) return [];
    const m = nameOf(name);
    const mv = ctx.model.find(name);
    const unique = mv ? [...mv.indexes].some((i) => ctx.model.get(i)?.index?.unique) : undefined;
    const edit = unique ? ctx.fixes.afterKeywords(['VIEW'], 'CONCURRENTLY') : undefined;
    const need =
      unique === false
        ? ` (${m} first needs a UNIQUE index on plain columns)`
        : unique === undefined
          ? ' (it needs a UNIQUE index on the matview)'
          : '';
    return [
      {
        message:
          `REFRESH MATERIALIZED VIEW ${m} runs its whole query under ACCESS EXCLUSIVE on ${m}: ` +
          `every read of ${m} waits until it finishes. ` +
          `Use REFRESH MATERIALIZED VIEW CONCURRENTLY${need}: reads go on`,
        fix: edit ? { description: 'Refresh CONCURRENTLY', edits: [edit] } : undefined,
      },
    ];
  },
};

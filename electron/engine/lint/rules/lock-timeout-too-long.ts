// lock_timeout bounds how long a statement waits for its lock — and so how long every query
// queued behind it waits. Set to minutes, it protects nothing.
import { nodeAs } from '../parse.ts';
import { durationMs } from '../rule-helpers.ts';
import type { Rule } from '../rule.ts';

/** Above this, lock_timeout no longer keeps traffic from piling up behind a waiting lock. */
export const LONGEST_USEFUL_LOCK_TIMEOUT_MS = 10_000;

export const lockTimeoutTooLong: Rule = {
  id: 'lock-timeout-too-long',
  dialect: 'postgres',
  severity: 'warning',
  summary: 'a lock_timeout so long (over 10 s) that it protects nothing',
  kinds: ['VariableSetStmt'],
  check(ctx) {
    const set = nodeAs(ctx.node, 'VariableSetStmt');
    if (set?.name !== 'lock_timeout' || set.kind !== 'VAR_SET_VALUE') return [];
    const ms = durationMs(set.args?.[0]);
    if (ms === undefined || ms <= LONGEST_USEFUL_LOCK_TIMEOUT_MS) return [];
    return [
      {
        message:
          `lock_timeout = ${ms / 1000} s: while a statement waits that long for its lock, ` +
          `every new query on the table queues behind it, ` +
          `so the timeout ends an outage rather than preventing one. ` +
          `Use a few seconds (strong_migrations uses 10 s at most) and retry on timeout`,
      },
    ];
  },
};

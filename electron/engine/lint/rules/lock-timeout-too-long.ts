// lock_timeout bounds how long a statement waits for its lock — and so how long every query
// queued behind it waits. Set to minutes, it protects nothing.
import type { Node } from 'libpg-query';
import { nodeAs } from '../parse.ts';
import type { Rule } from '../rule.ts';

/** Above this, lock_timeout no longer keeps traffic from piling up behind a waiting lock. */
export const LONGEST_USEFUL_LOCK_TIMEOUT_MS = 10_000;

const UNITS: Readonly<Record<string, number>> = { us: 0.001, ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration setting in milliseconds, as PostgreSQL reads it (a bare number is ms). */
export function durationMs(arg: Node | undefined): number | undefined {
  const c = nodeAs(arg, 'A_Const');
  if (!c) return undefined;
  if (c.ival !== undefined) return c.ival.ival ?? 0;
  const text = (c.fval?.fval ?? c.sval?.sval ?? '').trim();
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text);
  if (!m) return undefined;
  const unit = UNITS[(m[2] ?? '').toLowerCase() || 'ms'];
  return unit === undefined ? undefined : Number(m[1]) * unit;
}

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

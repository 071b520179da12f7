// A rewrite holds ACCESS EXCLUSIVE (or, for some, EXCLUSIVE) on the table for as long as it
// copies the rows: every query on the table waits that long. lock_timeout bounds only the
// wait for the lock, not the time it is held; statement_timeout bounds that. With none (the
// server's default is none) or one of many minutes, a rewrite of a large table is an outage
// of unknown length.
import { LOCK_MODE_LABEL } from '../../../../shared/model/lock-mode.ts';
import type { Rule } from '../rule.ts';
import { displayName } from '../schema/model.ts';

/** Above this, statement_timeout no longer bounds an outage an application can ride out. */
export const LONGEST_TOLERABLE_REWRITE_MS = 60_000;

function seconds(ms: number): string {
  return ms >= 60_000 ? `${ms / 60_000} min` : `${ms / 1000} s`;
}

export const statementTimeoutAroundRewrite: Rule = {
  id: 'statement-timeout-around-rewrite',
  dialect: 'postgres',
  severity: 'warning',
  summary: 'a table rewrite with no statement_timeout, or one over a minute, to bound how long it holds its lock',
  oncePerRevision: true,
  check(ctx) {
    const timeout = ctx.state.statementTimeout;
    if (timeout === 'unknown' || (timeout !== 'none' && timeout <= LONGEST_TOLERABLE_REWRITE_MS)) return [];
    const rewritten = [...new Set(ctx.effects.rewrites.map((r) => r.relation))].filter((k) => ctx.existing(k));
    const first = rewritten[0];
    if (first === undefined) return [];
    const mode = ctx.effects.locks.get(first)?.mode ?? 'AccessExclusiveLock';
    const tables = rewritten.map(displayName).join(', ');
    const setting = timeout === 'none' ? 'with no statement_timeout' : `with statement_timeout = ${seconds(timeout)}`;
    return [
      {
        message:
          `${ctx.kind} rewrites ${tables} under ${LOCK_MODE_LABEL[mode]} ${setting}: the lock is held ` +
          `until every row is copied, and every query on ${displayName(first)} waits that long. ` +
          `Set statement_timeout to the longest outage the application can ride out ` +
          `(a minute at most; the rewrite is then cancelled on a table too large for it), ` +
          `or avoid the rewrite; reported for the first such statement only`,
      },
    ];
  },
};

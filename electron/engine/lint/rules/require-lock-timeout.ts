// A statement that needs a lock which blocks writers (SHARE or stronger) waits for every
// transaction already using the table — and while it waits, every new query on the table
// queues behind it. lock_timeout bounds that wait. Statements whose locks block nobody
// (SHARE UPDATE EXCLUSIVE and weaker) are not flagged, and one finding per revision is
// enough: a single SET at the top covers every statement after it.
import { blocksReads, blocksWrites } from '../lock-modes.ts';
import { level, LOCK_MODE_LABEL } from '../../../../shared/model/lock-mode.ts';
import { lockTimeoutFix } from '../rule-helpers.ts';
import { displayName } from '../schema/model.ts';
import type { Rule } from '../rule.ts';

export const requireLockTimeout: Rule = {
  id: 'require-lock-timeout',
  dialect: 'postgres',
  severity: 'warning',
  summary: 'a lock that blocks writes or reads on an existing table, with no lock_timeout set',
  oncePerRevision: true,
  check(ctx) {
    if (ctx.state.lockTimeout || ctx.effects.locks.size === 0) return [];
    // Locks that stop some traffic: SHARE or stronger on something writable, ACCESS
    // EXCLUSIVE on anything (EXCLUSIVE on a matview stops nobody: matviews take no writes).
    const strong = [...ctx.effects.locks.values()]
      .filter((l) => !l.isNew && (blocksReads([l]) || blocksWrites([l])))
      .sort((a, b) => level(b.mode) - level(a.mode));
    const first = strong[0];
    if (!first) return [];
    const named = [
      ...new Set(strong.map((l) => (l.kind === 'index' ? `${displayName(l.key)} (index)` : displayName(l.key)))),
    ];
    const target = displayName(first.kind === 'index' && first.ownerKey ? first.ownerKey : first.key);
    return [
      {
        message:
          `${ctx.kind} takes ${LOCK_MODE_LABEL[first.mode]} on ${named.join(', ')} with no lock_timeout: ` +
          `while it waits behind a running transaction, every new query on ${target} queues behind it. ` +
          `Set lock_timeout once at the top of the revision (and retry on timeout); ` +
          `reported for the first such statement only`,
        fix: lockTimeoutFix(ctx),
      },
    ];
  },
};

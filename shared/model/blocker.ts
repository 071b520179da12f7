// A session in the way of a statement, in words: the CLI's rehearsal table and the studio's
// run console say it the same way. Pure.

export interface BlockingSession {
  readonly pid: number;
  readonly state: string | null;
  readonly query: string | null;
  readonly xactAgeSeconds: number | null;
}

/** "pid 4242 (idle in transaction, transaction 12 s old): LOCK TABLE audit_log" */
export function describeBlocker(b: BlockingSession, queryWidth = 200): string {
  const facts = [
    ...(b.state ? [b.state] : []),
    ...(b.xactAgeSeconds !== null ? [`transaction ${Math.round(b.xactAgeSeconds)} s old`] : []),
  ];
  const query = b.query?.replace(/\s+/g, ' ').trim() ?? '';
  const shown = query.length > queryWidth ? `${query.slice(0, queryWidth - 1)}…` : query;
  return `pid ${b.pid}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}${shown ? `: ${shown}` : ''}`;
}

/** SQLSTATE 55P03 lock_not_available: lock_timeout (or NOWAIT) gave up on a lock. */
export const LOCK_TIMEOUT_STATE = '55P03';

// A rehearsal as text: one aligned row per statement, predicted next to observed, then the
// analyzer bugs and what could not be rehearsed. Pure.
import { describeBlocker } from '../../../shared/model/blocker.ts';
import { LOCK_MODE_LABEL } from '../../../shared/model/lock-mode.ts';
import type { RehearsalLock, RehearsalResult, RehearsedStatement } from './rehearse.ts';

function locksText(locks: readonly RehearsalLock[], rewrites: boolean): string {
  const parts = locks
    .filter(
      (l) =>
        l.kind !== 'index' ||
        l.mode === 'AccessExclusiveLock' ||
        l.mode === 'ShareLock' ||
        l.mode === 'ShareUpdateExclusiveLock',
    )
    .map((l) => `${LOCK_MODE_LABEL[l.mode]} ${l.relation}`);
  if (rewrites) parts.push('rewrite');
  return parts.length > 0 ? parts.join(', ') : '-';
}

function firstLine(sql: string, width: number): string {
  const one = sql.replace(/\s+/g, ' ').trim();
  return one.length <= width ? one : `${one.slice(0, width - 1)}…`;
}

export function rehearsalRows(result: RehearsalResult): string[][] {
  return result.statements.map((s: RehearsedStatement) => [
    `${s.revision.slice(0, 8)}:${s.line}`,
    firstLine(s.sql, 40),
    locksText(
      s.predicted.locks.filter((l) => !l.isNew),
      s.predicted.rewrites,
    ),
    s.status === 'ok' && s.observed
      ? locksText(s.observed.locks, s.observed.rewrites)
      : s.status === 'failed'
        ? 'FAILED'
        : 'not rehearsable',
    s.durationMs === null ? '' : `${s.durationMs.toFixed(1)} ms`,
    s.status !== 'ok' ? s.status : s.differences.length > 0 ? 'DIFFERS' : 'match',
  ]);
}

export function formatRehearsal(result: RehearsalResult): string[] {
  const header = ['statement', 'sql', 'predicted', 'observed', 'time', 'result'];
  const rows = [header, ...rehearsalRows(result)];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const lines = rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  for (const s of result.statements) {
    if (s.status === 'not-rehearsable') lines.push(`not rehearsable: ${s.file}:${s.line}: ${s.reason ?? ''}`);
    if (s.status === 'failed')
      lines.push(`failed: ${s.file}:${s.line}: ${s.reason ?? ''}${s.code ? ` (${s.code})` : ''}`);
    for (const b of s.blockedBy ?? []) lines.push(`  blocked by ${describeBlocker(b)}`);
    if (s.observed && s.observed.alreadyHeld.length > 0)
      lines.push(
        `note: ${s.file}:${s.line}: already held earlier in the rehearsal, ` +
          `not comparable: ${s.observed.alreadyHeld.join(', ')}`,
      );
  }
  for (const b of result.analyzerBugs) lines.push(`analyzer bug: ${b.file}:${b.line}: ${b.message}`);
  const ok = result.statements.filter((s) => s.status === 'ok').length;
  lines.push(
    `${result.statements.length} statements: ${ok} rehearsed, ${result.notRehearsable} not rehearsable, ` +
      `${result.failed} failed, ${result.analyzerBugs.length} analyzer ` +
      `bug${result.analyzerBugs.length === 1 ? '' : 's'}; rolled back, nothing kept`,
  );
  return lines;
}

// The size-aware preview as text lines, for `strata lint --url` and `strata rehearse`. Pure.
// The time is the work's alone; the caller prints how it was measured and that waiting for the
// lock is not in it (LiveImpact.calibration.method).
import type { RelationImpact } from './live-impact.ts';

function describeSession(s: RelationImpact['conflictingSessions'][number]): string {
  const age = s.xactAgeSeconds === null ? '?' : `${Math.round(s.xactAgeSeconds)} s`;
  return `pid ${s.pid} ${s.mode} (${s.state ?? '?'}, xact ${age})`;
}

const VERB: Record<NonNullable<RelationImpact['work']>, string> = {
  rewrite: 'rewrite',
  scan: 'scan',
  'index-build': 'build the index',
  'foreign-key': 'validate the foreign key',
};

/** One line per relation; the estimate says what it priced: "~2.1 s to rewrite (copy 85 MB … + rebuild 1 index …)". */
export function impactLines(impact: readonly RelationImpact[]): string[] {
  return impact
    .filter((r) => !r.missing)
    .map((r) => {
      const time =
        r.estimatedSeconds === null
          ? ''
          : `, ~${r.estimatedSeconds < 1 ? r.estimatedSeconds.toFixed(3) : r.estimatedSeconds.toFixed(1)} ` +
            `s of work to ${r.work ? VERB[r.work] : 'do'}${r.method ? ` (${r.method})` : ''}`;
      const sessions =
        r.conflictingSessions.length === 0
          ? ''
          : `; ${r.conflictingSessions.length} session(s) now hold or wait for conflicting locks: ` +
            r.conflictingSessions.map(describeSession).join(', ');
      const rows = r.rows === null ? 'rows unknown (never analyzed)' : `~${Math.round(r.rows)} rows`;
      return `${r.relation}: ${r.mode}, ${rows}, ${r.bytes} bytes${time}${sessions}`;
    });
}

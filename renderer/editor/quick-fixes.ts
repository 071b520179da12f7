// Which quick fixes Monaco offers for a range: those whose lines meet it, each title once. The
// same fix is often offered by several findings in the range (two CREATE INDEX statements on
// selected lines, lock_timeout for each statement), and a menu that lists it twice reads as
// two different fixes.
import type { SqlQuickFix } from './types.ts';

export function fixesInRange(fixes: readonly SqlQuickFix[], startLine: number, endLine: number): SqlQuickFix[] {
  const titles = new Set<string>();
  const out: SqlQuickFix[] = [];
  for (const f of fixes) {
    if (f.line > endLine || (f.endLine ?? f.line) < startLine || titles.has(f.title)) continue;
    titles.add(f.title);
    out.push(f);
  }
  return out;
}

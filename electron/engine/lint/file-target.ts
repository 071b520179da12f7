// What lint reads of a file: the upgrade section of a revision file (under its header's
// `transactional` setting), or the whole text of a file of bare statements. Apart from the
// linter, so that the read-ahead thread finds the same section without loading the rules.
import { parseRevisionFile } from '../project/revision-file.ts';
import { BARE_TRANSACTIONAL_FALSE } from './fixes.ts';
import type { LintTarget } from './linter.ts';
import type { Finding } from './types.ts';

/** A file is a revision when it has the `-- strata:upgrade` marker line. */
export function isRevisionText(text: string): boolean {
  return hasLine(text, '-- strata:upgrade');
}

/** Whether some line of `text`, trimmed, is `line`; looks only where the text occurs. */
function hasLine(text: string, line: string): boolean {
  for (let at = text.indexOf(line); at >= 0; at = text.indexOf(line, at + 1)) {
    const start = text.lastIndexOf('\n', at) + 1;
    const nl = text.indexOf('\n', at);
    if (text.slice(start, nl < 0 ? text.length : nl).trim() === line) return true;
  }
  return false;
}

/** What lint reads of a file: its upgrade section (a revision) or all of it (bare statements). */
export type FileTarget = { readonly ok: true; readonly target: LintTarget } | { readonly ok: false; readonly findings: readonly Finding[] };

export function fileTarget(text: string, file: string): FileTarget {
  if (isRevisionText(text)) {
    const parsed = parseRevisionFile(text, file);
    if (!parsed.ok) return { ok: false, findings: parsed.problems.map((p) => ({ rule: 'syntax-error', severity: 'error', line: p.line, message: p.message })) };
    const { data, lines } = parsed.file;
    return { ok: true, target: { file, section: { text: data.upgradeSql, firstLine: lines.upgrade }, transactional: data.transactional, isRevision: true, revision: data.id } };
  }
  // Bare statements: one transaction, like a revision, unless the file opts out the same way.
  const transactional = !hasLine(text, BARE_TRANSACTIONAL_FALSE);
  return { ok: true, target: { file, section: { text, firstLine: 1 }, transactional, isRevision: false } };
}


// Lint findings as the editors show them (the inspector's revision, the review screen's
// generated upgrade): a flat list (each with the index lint.applyFix needs to tell apart
// findings of one rule on one line), Monaco markers and quick fixes in the upgrade section's
// coordinates (file line → model line).
import type { LintFindingInfo, RevisionLint } from '../../../shared/api/lint.ts';
import { fileLineToModelLine, type SqlMarker, type SqlQuickFix } from '../../editor/index.ts';
import { fixKey } from './commands.ts';

export interface ListedFinding {
  readonly key: string;
  readonly finding: LintFindingInfo;
  /** Among the findings with this rule and line, in the service's order. */
  readonly index: number;
  /** Model lines of the statement the finding is about (the finding's line when none). */
  readonly startLine: number;
  readonly endLine: number;
}

function lines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export function listFindings(
  id: string,
  lint: Pick<RevisionLint, 'statements' | 'findings'>,
  upgradeLine: number,
): ListedFinding[] {
  const seen = new Map<string, number>();
  const out: ListedFinding[] = [];
  const add = (finding: LintFindingInfo, span: number): void => {
    const k = `${finding.rule}:${finding.line}`;
    const index = seen.get(k) ?? 0;
    seen.set(k, index + 1);
    const startLine = fileLineToModelLine(finding.line, upgradeLine);
    out.push({
      key: fixKey(id, finding.rule, finding.line, index),
      finding,
      index,
      startLine,
      endLine: startLine + span,
    });
  };
  for (const f of lint.findings) add(f, 0);
  for (const st of lint.statements) for (const f of st.findings) add(f, f.line === st.line ? lines(st.statement) : 0);
  return out;
}

export function findingMarkers(listed: readonly ListedFinding[]): SqlMarker[] {
  return listed.map(({ finding: f, startLine, endLine }) => ({
    line: startLine,
    endLine,
    severity: f.severity,
    message: f.fix ? `${f.message}\n\nQuick fix: ${f.fix.description}` : f.message,
    source: 'strata lint',
    code: f.rule,
  }));
}

export function findingQuickFixes(listed: readonly ListedFinding[]): SqlQuickFix[] {
  return listed.flatMap(({ key, finding: f, startLine, endLine }) =>
    f.fix
      ? [
          {
            id: key,
            title: `${f.fix.description} (${f.rule})`,
            line: startLine,
            endLine,
            code: f.rule,
            preferred: f.severity === 'error',
          },
        ]
      : [],
  );
}

// The lint reports as the contract shapes them: one revision's statements and findings for
// the inspector, the worst finding per revision for the graph's badges.
import { ApiFailure } from '../../../shared/api/error-codes.ts';
import type { LintFixInfo, ProjectLint, RevisionLint, RevisionLintSummary } from '../../../shared/api/lint.ts';
import type { FileReport, Finding, Fix } from '../lint/types.ts';

function fixOf(fix: NonNullable<Finding['fix']>): LintFixInfo {
  return {
    description: fix.description,
    edits: fix.edits.map((e) => ({ ...e })),
    ...(fix.header ? { header: { transactional: false as const } } : {}),
  };
}

function copyFinding(f: Finding): RevisionLint['findings'][number] {
  return {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    line: f.line,
    ...(f.fix ? { fix: fixOf(f.fix) } : {}),
  };
}

export function revisionLintOf(id: string, report: FileReport): RevisionLint {
  return {
    revision: id,
    file: report.file,
    dialect: report.dialect,
    statements: report.statements.map(({ file: _file, ...rest }) => ({
      ...rest,
      locks: [...rest.locks],
      assumptions: [...rest.assumptions],
      findings: rest.findings.map(copyFinding),
    })),
    findings: report.findings.map(copyFinding),
  };
}

function allFindings(report: FileReport): Finding[] {
  return [...report.findings, ...report.statements.flatMap((st) => st.findings)];
}

/** Only revisions with findings, as the graph shows them. */
export function projectLintOf(dialect: ProjectLint['dialect'], reports: readonly FileReport[]): ProjectLint {
  const revisions: RevisionLintSummary[] = [];
  for (const report of reports) {
    const all = allFindings(report);
    if (all.length === 0 || report.revision === undefined) continue;
    const counts = { error: 0, warning: 0, info: 0 };
    for (const f of all) counts[f.severity]++;
    const worst = counts.error > 0 ? 'error' : counts.warning > 0 ? 'warning' : 'info';
    revisions.push({ revision: report.revision, worst, count: all.length, counts });
  }
  return { dialect, revisions };
}

/** The fix of the `index`-th finding of `rule` on `line` of revision `id`. */
export function findingFix(id: string, report: FileReport, rule: string, line: number, index: number): Fix {
  const finding = allFindings(report).filter((f) => f.rule === rule && f.line === line)[index];
  if (!finding) throw new ApiFailure('not-found', `revision ${id} has no finding '${rule}' on line ${line}`);
  if (!finding.fix) throw new ApiFailure('invalid-input', `the finding '${rule}' on line ${line} has no fix`);
  return finding.fix;
}

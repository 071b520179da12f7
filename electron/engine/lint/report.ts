// Lint results as the CLI prints them: JSON rows for machines, GitHub workflow annotations
// for CI, the summary and the exit code. Over FileReports, no I/O.
import { LOCK_MODE_LABEL } from '../../../shared/model/lock-mode.ts';
import type { FileReport, Finding, Severity, StatementReport } from './types.ts';

export interface LintSummary {
  readonly files: number;
  readonly statements: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

export function everyFinding(reports: readonly FileReport[]): (Finding & { file: string })[] {
  return reports.flatMap((r) =>
    [...r.findings, ...r.statements.flatMap((s) => s.findings)].map((f) => ({ ...f, file: r.file })),
  );
}

/** A summary counted report by report, for output that does not keep the reports. */
export class LintTally {
  private readonly counts = { files: 0, statements: 0, errors: 0, warnings: 0, infos: 0 };

  add(report: FileReport): void {
    this.counts.files++;
    this.counts.statements += report.statements.length;
    for (const f of report.findings) this.count(f.severity);
    for (const s of report.statements) for (const f of s.findings) this.count(f.severity);
  }

  /** A finding of a report already added was taken back (LintHistory.onTakeBack). */
  takeBack(finding: Finding): void {
    this.count(finding.severity, -1);
  }

  private count(severity: Severity, by = 1): void {
    if (severity === 'error') this.counts.errors += by;
    else if (severity === 'warning') this.counts.warnings += by;
    else this.counts.infos += by;
  }

  summary(): LintSummary {
    return { ...this.counts };
  }
}

export function summarize(reports: readonly FileReport[]): LintSummary {
  const tally = new LintTally();
  for (const r of reports) tally.add(r);
  return tally.summary();
}

/**
 * Exit status: 1 when any finding is an error (or, with `strict`, a warning), else 0.
 * Info findings never fail a build.
 */
export function summaryExitCode(s: LintSummary, strict: boolean): 0 | 1 {
  return s.errors > 0 || (strict && s.warnings > 0) ? 1 : 0;
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'notice' };

/** GitHub Actions workflow commands: `::error file=…,line=…,title=…::message`. */
export function githubAnnotations(reports: readonly FileReport[]): string[] {
  return everyFinding(reports).map(
    (f) =>
      `::${COMMAND[f.severity]} file=${escapeProperty(f.file)},line=${f.line},title=` +
      `${escapeProperty(`strata lint: ${f.rule}`)}::${escapeData(f.message)}`,
  );
}

/** "ACCESS EXCLUSIVE on child, SHARE on parent · rewrites · blocks reads and writes". */
export function lockLine(s: StatementReport): string {
  const locks = s.locks.filter((l) => !l.isNew && (l.kind !== 'index' || l.mode === 'AccessExclusiveLock'));
  const parts: string[] = [];
  if (locks.length > 0) parts.push(locks.map((l) => `${LOCK_MODE_LABEL[l.mode]} on ${l.relation}`).join(', '));
  if (s.rewrites) parts.push('rewrites');
  else if (s.scans) parts.push('scans');
  const blocked =
    s.blocksReads && s.blocksWrites
      ? 'blocks reads and writes'
      : s.blocksWrites
        ? 'blocks writes'
        : s.blocksReads
          ? 'blocks reads'
          : '';
  if (blocked) parts.push(blocked);
  if (!s.transactional) parts.push('outside a transaction');
  return parts.join(' · ');
}

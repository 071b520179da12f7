// Lint results as the CLI prints them: JSON rows for machines, GitHub workflow annotations
// for CI, and the exit code. Pure functions over FileReports, no I/O.
import { SHORT } from './lock-modes.ts';
import { fileFindingRows, statementRow } from './json-report.ts';
import type { FileReport, Finding, Severity, StatementReport } from './types.ts';

export interface LintSummary {
  readonly files: number;
  readonly statements: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

export function everyFinding(reports: readonly FileReport[]): (Finding & { file: string })[] {
  return reports.flatMap((r) => [...r.findings, ...r.statements.flatMap((s) => s.findings)].map((f) => ({ ...f, file: r.file })));
}

export function summarize(reports: readonly FileReport[]): LintSummary {
  const all = everyFinding(reports);
  const count = (s: Severity): number => all.filter((f) => f.severity === s).length;
  return { files: reports.length, statements: reports.reduce((n, r) => n + r.statements.length, 0), errors: count('error'), warnings: count('warning'), infos: count('info') };
}

/**
 * Exit status: 1 when any finding is an error (or, with `strict`, a warning), else 0.
 * Info findings never fail a build.
 */
export function lintExitCode(reports: readonly FileReport[], strict: boolean): 0 | 1 {
  return summaryExitCode(summarize(reports), strict);
}

export function summaryExitCode(s: LintSummary, strict: boolean): 0 | 1 {
  return s.errors > 0 || (strict && s.warnings > 0) ? 1 : 0;
}

/** The whole `--json` document as one object (JsonReportWriter writes the same, file by file). */
export function jsonRows(reports: readonly FileReport[]): object {
  return {
    summary: summarize(reports),
    statements: reports.flatMap((r) => r.statements.map((s) => statementRow(r, s))),
    findings: reports.flatMap(fileFindingRows),
  };
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
  return everyFinding(reports).map((f) => `::${COMMAND[f.severity]} file=${escapeProperty(f.file)},line=${f.line},title=${escapeProperty(`strata lint: ${f.rule}`)}::${escapeData(f.message)}`);
}

/** "ACCESS EXCLUSIVE on child, SHARE on parent · rewrites · blocks reads and writes". */
export function lockLine(s: StatementReport): string {
  const locks = s.locks.filter((l) => !l.isNew && (l.kind !== 'index' || l.mode === 'AccessExclusiveLock'));
  const parts: string[] = [];
  if (locks.length > 0) parts.push(locks.map((l) => `${SHORT[l.mode]} on ${l.relation}`).join(', '));
  if (s.rewrites) parts.push('rewrites');
  else if (s.scans) parts.push('scans');
  const blocked = s.blocksReads && s.blocksWrites ? 'blocks reads and writes' : s.blocksWrites ? 'blocks writes' : s.blocksReads ? 'blocks reads' : '';
  if (blocked) parts.push(blocked);
  if (!s.transactional) parts.push('outside a transaction');
  return parts.join(' · ');
}

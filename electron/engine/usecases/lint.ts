// Lint with the live catalog: what each statement of the revisions locks, rewrites and blocks,
// each revision against the schema the revisions before it built — or, with a live
// PostgreSQL database, against its catalog (server version, TimeZone, function volatility),
// the revisions it has not applied by default, and with the sizes and lock-hold estimates of
// the relations they touch. The studio's lint of the whole project is incremental and lives
// in its lint worker; the live impact is this one.
import type { Reply } from '../../../shared/api/contract.ts';
import type { RevisionId } from '../../../shared/model/revision.ts';
import { readVersionRows } from '../dialects/strata-tables.ts';
import { appliedFromRows } from '../graph/plan.ts';
import { resolveRevision } from '../graph/targets.ts';
import { isUtcZone, loadLiveCatalog, type LiveCatalog } from '../lint/catalog/live-catalog.ts';
import { LintHistory } from '../lint/history.ts';
import type { LintOptions } from '../lint/linter.ts';
import { liveImpact, type ImpactStatement, type LiveImpact } from '../lint/live/live-impact.ts';
import { lintProject } from '../lint/project-lint.ts';
import { SchemaModel } from '../lint/schema/model.ts';
import type { FileReport } from '../lint/types.ts';
import type { Project } from '../project/project.ts';
import { withConnection, type Database } from './database.ts';
import { revisionRange } from './plan.ts';
import { tablesOf } from './project.ts';

export { historyOrder } from '../lint/history.ts';
export { JsonReportWriter } from '../lint/json-report.ts';
export { impactLines } from '../lint/live/format.ts';
export { loadParser } from '../lint/parse.ts';
export { projectLintOptions } from '../lint/project-lint.ts';
export { durationTextMs } from '../lint/rule-helpers.ts';
export { githubAnnotations, LintTally, lockLine, summaryExitCode, type LintSummary } from '../lint/report.ts';
export type { ImpactStatement, LiveImpact } from '../lint/live/live-impact.ts';
export type { LintOptions } from '../lint/linter.ts';
export type { FileReport, Severity, StatementReport } from '../lint/types.ts';

/** A live PostgreSQL database's catalog and, for a project, the revisions it has applied. */
export interface LiveLint {
  readonly catalog: LiveCatalog;
  readonly applied: ReadonlySet<RevisionId>;
  readonly display: string;
}

export function readLiveCatalog(db: Database, project: Project | undefined): Promise<LiveLint> {
  return withConnection(db, async (conn) => {
    const catalog = await loadLiveCatalog(conn);
    const applied = project
      ? appliedFromRows(project.map, await readVersionRows(conn, tablesOf(project)))
      : new Set<RevisionId>();
    return { catalog, applied, display: conn.display };
  });
}

/** The server's own answers win over strata.json, except a PostgreSQL version given explicitly. */
export function withLiveCatalog(options: LintOptions, live: LiveLint, explicitPgVersion: boolean): LintOptions {
  const { catalog } = live;
  return {
    ...options,
    pgVersion: options.pgVersion !== undefined && explicitPgVersion ? options.pgVersion : catalog.pgVersion,
    utcSession: catalog.utcSession,
    volatility: catalog.volatility,
  };
}

/** The schema a revision is linted against when nothing before it is replayed: the live one, or none. */
function freshSchema(live: LiveLint | undefined): SchemaModel {
  return live ? live.catalog.model.clone() : new SchemaModel();
}

export interface LintSelection {
  readonly revision?: string | undefined;
  /** `A:B`, `:B` or `A:`, inclusive. */
  readonly range?: string | undefined;
  readonly live?: LiveLint | undefined;
}

/** The revisions to lint, in graph order; undefined: all of them. With a live database, those it has not applied. */
export async function lintSelection(project: Project, selection: LintSelection): Promise<RevisionId[] | undefined> {
  const { map } = project;
  if (selection.revision !== undefined) return [resolveRevision(map, selection.revision)];
  if (selection.range !== undefined) return map.sortForUpgrade(await revisionRange(map, selection.range, '--range'));
  const { live } = selection;
  return live ? map.order.filter((id) => !live.applied.has(id)) : undefined;
}

/** Lints `selection` (undefined: every revision), each against the schema before it. */
export async function lintRevisions(
  project: Project,
  selection: readonly RevisionId[] | undefined,
  options: LintOptions,
  live: LiveLint | undefined,
): Promise<FileReport[]> {
  return (await lintProject(project, selection, options, freshSchema(live), live?.applied)).reports;
}

/**
 * Files that are not a project's revisions, linted as one history (a folder of another
 * runner's migrations): each against the schema the files before it built, starting from the
 * live schema or none.
 */
export function lintHistory(options: LintOptions, live: LiveLint | undefined): LintHistory {
  return new LintHistory(options, freshSchema(live));
}

/** `--timezone`: the session TimeZone migrations run under decides timestamp ↔ timestamptz. */
export function timeZoneOptions(zone: string): LintOptions {
  return { utcSession: isUtcZone(zone) };
}

/** Sizes, measured lock-hold estimates and conflicting sessions now, for these statements. */
export function measureLiveImpact(url: string, statements: readonly ImpactStatement[]): Promise<LiveImpact> {
  return liveImpact(url, statements);
}

/**
 * The impact of each revision's statements. The server's unit costs are measured once (the first revision that
 * needs them) and kept for the others.
 */
export async function impactByRevision(
  url: string,
  revisions: readonly { readonly revision: string; readonly statements: readonly ImpactStatement[] }[],
): Promise<Reply<'lint.impact'>> {
  const out: { revision: string; relations: Reply<'lint.impact'>['revisions'][number]['relations'] }[] = [];
  let method: string | undefined;
  for (const r of revisions) {
    const impact = await liveImpact(url, r.statements);
    out.push({ revision: r.revision, relations: impact.relations });
    if (method === undefined || method.startsWith('not measured')) method = impact.calibration.method;
  }
  return { method: method ?? 'not measured: no revision', revisions: out };
}

// Model URIs: plain strings, so stores and props can carry them without touching Monaco.
export type SqlSection = 'upgrade' | 'downgrade';

/** A revision's SQL as the project has it (the inspector; editable). */
export function revisionSqlUri(revisionId: string, section: SqlSection): string {
  return `strata://revision/${revisionId}/${section}`;
}

/** A read-only snapshot of a revision's SQL attached to one run (the failure view). */
export function runSqlUri(runId: string, revisionId: string, section: SqlSection): string {
  return `strata://run/${runId}/${revisionId}/${section}`;
}

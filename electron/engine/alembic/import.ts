// An Alembic project turned into native revision files, for a team leaving Python: each
// revision keeps its id, parents, branch labels, depends-on, message and create date, and
// its SQL is what the team's own alembic renders offline for it (offline-sql.ts), less what
// belongs to alembic rather than to the revision: its version table's rows and the
// transaction it wraps the script in. Nothing is stamped: a database alembic upgraded still
// has only alembic_version, and strata's own table is for the team to stamp when they switch.
import type { Revision } from '../../../shared/model/revision.ts';
import { REVISION_ID_PATTERN } from '../../../shared/model/revision.ts';
import type { RevisionFileData } from '../project/revision-file.ts';
import { isTransactionControl, statementSpans } from '../sql/statements.ts';
import { isVersionTableStatement } from './version-statements.ts';

export interface ImportProblem {
  readonly revision: string;
  readonly file: string;
  readonly message: string;
}

export interface ImportedSql {
  readonly sql: string;
  /** The section held transaction control: alembic's autocommit_block (CONCURRENTLY and the like). */
  readonly outsideTransaction: boolean;
}

/** One revision's offline section as native SQL: its own statements, each ending with ';'. */
export function importedSql(section: string, versionTable: string): ImportedSql {
  const kept: string[] = [];
  let outsideTransaction = false;
  for (const s of statementSpans(section)) {
    if (isVersionTableStatement(s.sql, versionTable)) continue;
    if (isTransactionControl(s.sql)) {
      outsideTransaction = true;
      continue;
    }
    kept.push(`${s.sql.trim()};`);
  }
  return { sql: kept.length === 0 ? '' : `${kept.join('\n\n')}\n`, outsideTransaction };
}

/** The native file of an Alembic revision whose offline SQL is known; a problem where it cannot be one. */
export function nativeRevision(
  r: Revision,
  versionTable: string,
): { ok: true; data: RevisionFileData } | { ok: false; problem: ImportProblem } {
  const fail = (message: string): { ok: false; problem: ImportProblem } => ({
    ok: false,
    problem: { revision: r.id, file: r.file, message },
  });
  if (!REVISION_ID_PATTERN.test(r.id))
    return fail(`revision id '${r.id}' is not a native id (1-32 characters of 0-9, a-z and _)`);
  const badLabel = r.branchLabels.find((l) => !/^[A-Za-z][A-Za-z0-9_.]*$/.test(l));
  if (badLabel !== undefined)
    return fail(`branch label '${badLabel}' must start with a letter and hold only letters, digits, '_' and '.'`);
  const up = importedSql(r.upgradeSql, versionTable);
  const down = r.downgradeSql === undefined ? undefined : importedSql(r.downgradeSql, versionTable);
  return {
    ok: true,
    data: {
      id: r.id,
      parents: r.parents,
      dependsOn: r.dependsOn,
      // Only the labels the module declares: the graph gives its descendants the rest.
      branchLabels: r.branchLabels,
      message: r.message.replace(/\s+/g, ' ').trim(),
      created: r.created,
      transactional: !(up.outsideTransaction || down?.outsideTransaction === true),
      upgradeSql: up.sql,
      downgradeSql: down?.sql,
    },
  };
}

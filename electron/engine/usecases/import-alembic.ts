// `strata import-alembic`: a native project written from an Alembic one, for a team leaving
// Python. Every check comes before the first file: a module strata could not read exactly, an
// id or label the native format cannot hold, alembic or its driver missing — each refuses
// with nothing written. The new project is loaded back before the command says it is done.
import { join, resolve } from 'node:path';
import type { RevisionId } from '../../../shared/model/revision.ts';
import { nativeRevision, type ImportProblem } from '../alembic/import.ts';
import { loadAlembicProject } from '../alembic/load.ts';
import { SETTINGS_FILE } from '../alembic/settings.ts';
import { locate } from '../project/errors.ts';
import { initProject, loadProject, writeRevisionFile } from '../project/project.ts';
import type { RevisionFileData } from '../project/revision-file.ts';
import { withAlembicSql, type AlembicRunOptions } from './alembic.ts';
import { InvalidRequestError } from './errors.ts';
import { isAlembicProject } from './project.ts';

export interface ImportResult {
  readonly dir: string;
  readonly dialect: 'sqlite' | 'postgres';
  readonly revisions: number;
  readonly heads: readonly RevisionId[];
  readonly files: readonly string[];
  /** Revisions whose downgrade alembic could not render offline: written without one. */
  readonly withoutDowngrade: readonly RevisionId[];
  /** Revisions that ran outside a transaction (autocommit_block), written `transactional false`. */
  readonly nonTransactional: readonly RevisionId[];
}

function refuse(what: string, problems: readonly string[]): never {
  throw new InvalidRequestError(`${what}; nothing was written:\n${problems.map((p) => `  ${p}`).join('\n')}`);
}

export async function importAlembic(
  sourceDir: string,
  targetDir: string,
  options: AlembicRunOptions = {},
): Promise<ImportResult> {
  const source = resolve(sourceDir);
  if (!isAlembicProject(source))
    throw new InvalidRequestError(`${source} is not an Alembic project (no alembic.ini or [tool.alembic])`);
  const read = loadAlembicProject(source);
  if ((read.warnings ?? []).length > 0)
    refuse(
      `${(read.warnings ?? []).length} thing(s) in the Alembic project could not be read exactly ` +
        `(fix them, or declare their values in ${SETTINGS_FILE})`,
      (read.warnings ?? []).map((w) => `${locate(w)}: ${w.message}`),
    );
  // Alembic renders the SQL (a missing alembic or driver is an AlembicCommandError saying what to install).
  const project = await withAlembicSql(read, options);
  const alembic = project.alembic;
  if (!alembic) throw new Error('internal: an Alembic project without its settings');
  const files: RevisionFileData[] = [];
  const problems: ImportProblem[] = [];
  for (const id of project.map.order) {
    const made = nativeRevision(project.map.get(id), alembic.versionTable);
    if (made.ok) files.push(made.data);
    else problems.push(made.problem);
  }
  if (problems.length > 0)
    refuse(
      `${problems.length} revision(s) cannot be written as native files`,
      problems.map((p) => `${p.file}: ${p.message}`),
    );
  const target = resolve(targetDir);
  const dialect = project.config.dialect;
  const written = initProject(target, {
    dialect,
    versions: 'versions',
    versionTable: 'strata_version',
    ...(project.config.databaseUrlEnv ? { databaseUrlEnv: project.config.databaseUrlEnv } : {}),
  });
  const versionsDir = join(target, 'versions');
  const paths = files.map((data) => writeRevisionFile(versionsDir, data));
  const imported = loadProject(target);
  return {
    dir: target,
    dialect,
    revisions: imported.map.order.length,
    heads: [...imported.map.heads],
    files: [...written, ...paths],
    withoutDowngrade: files.filter((f) => f.downgradeSql === undefined).map((f) => f.id),
    nonTransactional: files.filter((f) => !f.transactional).map((f) => f.id),
  };
}

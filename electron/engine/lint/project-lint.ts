// Lints a project's revisions in graph order. The schema model is built by replaying every
// earlier revision's upgrade, so a revision is judged against what the ones before it
// created: `ALTER COLUMN TYPE` knows the column's real type, `DROP TABLE child` knows the
// parent its foreign key locks. Revisions not selected are replayed, not reported.
import type { RevisionId } from '../../../shared/model/revision.ts';
import type { Project } from '../project/project.ts';
import { lintSection, replaySql, type LintOptions } from './linter.ts';
import { loadParser } from './parse.ts';
import { SchemaModel } from './schema/model.ts';
import type { FileReport } from './types.ts';

/** Lint options from strata.json: dialect, `lint.rules` levels, `lint.postgresVersion`. */
export function projectLintOptions(project: Project, overrides: LintOptions = {}): LintOptions {
  const lint = project.config.lint;
  return {
    dialect: project.config.dialect,
    ...(lint?.rules ? { rules: lint.rules } : {}),
    ...(lint?.postgresVersion !== undefined ? { pgVersion: lint.postgresVersion } : {}),
    ...(lint?.sqliteVersion !== undefined ? { sqliteVersion: lint.sqliteVersion } : {}),
    ...overrides,
  };
}

/**
 * `selection` undefined lints every revision. `inModel` are revisions the model already
 * reflects (applied to the live database it was read from): they are not replayed again.
 * The returned model is the schema after the last linted revision.
 */
export async function lintProject(
  project: Project,
  selection: readonly RevisionId[] | undefined,
  options: LintOptions = {},
  model = new SchemaModel(),
  inModel: ReadonlySet<RevisionId> = new Set(),
): Promise<{ reports: FileReport[]; model: SchemaModel }> {
  await loadParser();
  const { map } = project;
  const selected = new Set(selection ?? map.order);
  const needed = map.ancestors(selected);
  const reports: FileReport[] = [];
  for (const id of map.order) {
    if (!needed.has(id) || (inModel.has(id) && !selected.has(id))) continue;
    const rev = map.get(id);
    if (selected.has(id)) {
      reports.push(
        lintSection(
          {
            file: rev.file,
            section: { text: rev.upgradeSql, firstLine: rev.upgradeLine },
            transactional: rev.transactional,
            isRevision: true,
            revision: id,
          },
          model,
          options,
        ),
      );
      // What this revision created is "existing" for the next one.
      model.settle();
    } else {
      replaySql(model, rev.upgradeSql);
    }
  }
  return { reports, model };
}

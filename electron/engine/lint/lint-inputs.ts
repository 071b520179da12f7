// What the lint of a project reads of each revision, and what changed between two loads of
// a project: kept apart from the linter so that the main thread, which only compares loads,
// never loads the analyzer and its parser (the lint worker does).
import type { RevisionId } from '../../../shared/model/revision.ts';
import type { Project } from '../project/project.ts';

/** What lintSection reads of a revision: two inputs that are equal lint the same. */
export interface LintInput {
  readonly id: string;
  readonly file: string;
  readonly upgradeSql: string;
  readonly upgradeLine: number;
  readonly transactional: boolean;
}

function inputOf(project: Project, id: RevisionId): LintInput {
  const r = project.map.get(id);
  return { id, file: r.file, upgradeSql: r.upgradeSql, upgradeLine: r.upgradeLine, transactional: r.transactional };
}

export function lintInputs(project: Project): LintInput[] {
  return project.map.order.map((id) => inputOf(project, id));
}

export function sameInput(a: LintInput, b: LintInput): boolean {
  return (
    a.id === b.id &&
    a.file === b.file &&
    a.upgradeLine === b.upgradeLine &&
    a.transactional === b.transactional &&
    a.upgradeSql === b.upgradeSql
  );
}

/**
 * The revisions whose lint input differs between two loads of one project, when the graph
 * order and the lint options are the same (IncrementalLint.edit takes them); undefined when
 * the whole project is better loaded again (another order, other options, or more than
 * `limit` revisions changed).
 */
export function changedLintInputs(before: Project, after: Project, limit: number): LintInput[] | undefined {
  const a = before.map.order;
  const b = after.map.order;
  // What projectLintOptions reads: the dialect and strata.json's lint settings.
  const settings = (p: Project): string => JSON.stringify([p.config.dialect, p.config.lint ?? null]);
  if (a.length !== b.length || settings(before) !== settings(after)) return undefined;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return undefined;
  const changed: LintInput[] = [];
  for (const id of b) {
    const next = inputOf(after, id);
    if (sameInput(inputOf(before, id), next)) continue;
    if (changed.length === limit) return undefined;
    changed.push(next);
  }
  return changed;
}

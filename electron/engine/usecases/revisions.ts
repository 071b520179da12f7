// Write project files: a new project, a new revision on the graph, a merge of heads. Each
// checks the graph change before a file is written (which heads, labels free, no second base
// without a label), and writes nothing when it refuses.
import { basename } from 'node:path';
import type { Dialect, RevisionId } from '../../../shared/model/revision.ts';
import { resolveRevision, singleHead } from '../graph/targets.ts';
import { initProject, writeNewRevision, type Project } from '../project/project.ts';
import { InvalidRequestError } from './errors.ts';
import { requireNative } from './project.ts';

/** strata.json and an empty versions folder (with a .gitignore for the embedded SQLite default). */
export function createProject(dir: string, dialect: Dialect): string[] {
  return initProject(dir, {
    dialect,
    versions: 'versions',
    versionTable: 'strata_version',
    databaseUrlEnv: 'DATABASE_URL',
    ...(dialect === 'sqlite'
      ? { defaultConnection: { sqlite: `${basename(dir).replace(/[^A-Za-z0-9_-]/g, '_') || 'dev'}.sqlite` } }
      : {}),
  });
}

export interface Written {
  readonly revision: RevisionId;
  readonly file: string;
  readonly parents: readonly RevisionId[];
}

/** What a new revision holds until its author writes it (`strata revision`, the studio's New revision). */
export const UPGRADE_PLACEHOLDER = '-- the upgrade SQL: statements end with ;\n';
export const DOWNGRADE_PLACEHOLDER = '-- the SQL that exactly undoes the upgrade\n';

export interface NewRevisionRequest {
  readonly message: string;
  /** References (ids, prefixes, targets); none: on the single head; ['base']: a new base. */
  readonly parents: readonly string[];
  readonly branchLabels: readonly string[];
  readonly dependsOn: readonly string[];
  readonly transactional: boolean;
  readonly upgradeSql: string;
  readonly downgradeSql: string;
}

export function createRevision(project: Project, request: NewRevisionRequest): Written {
  requireNative(project, 'writing a revision file');
  const { map } = project;
  let parents: RevisionId[];
  if (request.parents.length === 0) {
    if (map.heads.length > 1) {
      throw new InvalidRequestError(
        `the graph has ${map.heads.length} heads (${map.heads.join(', ')}): ` +
          `pass --parent REV to extend one, or 'strata merge' them first`,
      );
    }
    parents = map.heads.length === 1 ? [singleHead(map)] : [];
  } else if (request.parents.length === 1 && request.parents[0] === 'base') {
    parents = [];
  } else {
    parents = [...new Set(request.parents.map((p) => resolveRevision(map, p)))];
  }
  const labels = request.branchLabels;
  for (const l of labels) {
    const owner = map.labels.get(l);
    if (owner)
      throw new InvalidRequestError(`branch label '${l}' is already used by ${owner} (${map.get(owner).file})`);
    if (map.has(l)) throw new InvalidRequestError(`branch label '${l}' is a revision id`);
    if (!/^[A-Za-z][A-Za-z0-9_.]*$/.test(l))
      throw new InvalidRequestError(
        `branch label '${l}' must start with a letter and contain only letters, digits, '_' and '.'`,
      );
  }
  if (parents.length === 0 && map.bases.length > 0 && labels.length === 0) {
    throw new InvalidRequestError(
      'a second base needs a --branch-label, so that its branch can be named in targets (label@head)',
    );
  }
  const dependsOn = request.dependsOn.map((d) => map.labels.get(d) ?? resolveRevision(map, d));
  const written = writeNewRevision(project, {
    message: request.message,
    parents,
    dependsOn,
    branchLabels: labels,
    transactional: request.transactional,
    upgradeSql: request.upgradeSql,
    downgradeSql: request.downgradeSql,
  });
  return { revision: written.id, file: written.path, parents };
}

export interface MergeRequest {
  readonly message: string;
  /** Revisions to join (`heads`: every head). */
  readonly revisions: readonly string[];
  readonly branchLabels: readonly string[];
  /** Reconciling SQL for the conflicts; absent or blank: a comment saying the merge changes no schema. */
  readonly upgradeSql?: string | undefined;
  readonly downgradeSql?: string | undefined;
}

/** The revisions a merge joins, checked: two or more heads, none an ancestor of another, its labels free. */
export function mergeParents(
  project: Project,
  request: Pick<MergeRequest, 'revisions' | 'branchLabels'>,
): RevisionId[] {
  const { map } = project;
  const refs = request.revisions.flatMap((p) => (p === 'heads' ? [...map.heads] : [resolveRevision(map, p)]));
  const parents = [...new Set(refs)];
  if (parents.length < 2)
    throw new InvalidRequestError(
      `merge needs at least two different heads (the graph's heads: ${map.heads.join(', ')})`,
    );
  const notHeads = parents.filter((p) => !map.heads.includes(p));
  if (notHeads.length > 0)
    throw new InvalidRequestError(
      `only heads can be merged; ${notHeads.join(', ')} ${notHeads.length === 1 ? 'is' : 'are'} not (heads: ` +
        `${map.heads.join(', ')})`,
    );
  const related = parents.find((p) => parents.some((q) => q !== p && map.ancestors([q]).has(p)));
  if (related) throw new InvalidRequestError(`${related} is an ancestor of another revision being merged`);
  for (const l of request.branchLabels)
    if (map.labels.has(l)) throw new InvalidRequestError(`branch label '${l}' is already used by ${map.labels.get(l)}`);
  return parents;
}

export function createMerge(project: Project, request: MergeRequest): Written {
  requireNative(project, 'writing a merge revision');
  const parents = mergeParents(project, request);
  const comment = `-- merge of ${parents.join(', ')}: no schema change\n`;
  const sql = (text: string | undefined): string => (text?.trim() ? text : comment);
  const written = writeNewRevision(project, {
    message: request.message,
    parents,
    branchLabels: request.branchLabels,
    upgradeSql: sql(request.upgradeSql),
    downgradeSql: sql(request.downgradeSql),
  });
  return { revision: written.id, file: written.path, parents };
}

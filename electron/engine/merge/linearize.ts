// Linearize: re-parent a branch onto another revision (usually the other head), so that the
// history becomes one line instead of needing a merge revision. Only the `parents` header of
// the branch's first revisions changes; everything else in their files keeps its bytes. The
// plan is made and checked before anything is written: the new graph must be valid and every
// revision must keep its branch labels (a label stays on its branch).
import type { Revision, RevisionId } from '../../../shared/model/revision.ts';
import { RevisionMap } from '../graph/revision-map.ts';
import { LoadedRevision } from '../project/loaded-revision.ts';
import { parsedRevisionFile, type Project } from '../project/project.ts';
import { renderRevisionFile } from '../project/revision-file.ts';
import { writeFileAtomic } from '../project/atomic-write.ts';
import { onlyOn } from './branches.ts';

/** A refusal, in words that name the revisions and what to do instead. */
export class LinearizeRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinearizeRefusedError';
  }
}

export interface DiffLine {
  readonly kind: ' ' | '-' | '+';
  readonly text: string;
}

export interface HeaderChange {
  readonly revision: RevisionId;
  /** The file as the project shows it (relative to the working folder where inside it). */
  readonly file: string;
  readonly parentsBefore: readonly RevisionId[];
  readonly parentsAfter: readonly RevisionId[];
  /** The header before and after, line by line. */
  readonly diff: readonly DiffLine[];
}

export interface LinearizePlan {
  readonly branchHead: RevisionId;
  readonly onto: RevisionId;
  /** The revisions that move, parents first. */
  readonly moved: readonly RevisionId[];
  readonly changes: readonly HeaderChange[];
  /** Each changed file's new text, by absolute path: what writeLinearize writes. */
  readonly texts: ReadonlyMap<string, string>;
}

export function planLinearize(project: Project, branchHead: RevisionId, onto: RevisionId): LinearizePlan {
  const { map } = project;
  if (!map.isHead(branchHead))
    throw new LinearizeRefusedError(`${branchHead} is not a head (heads: ${map.heads.join(', ')})`);
  if (branchHead === onto || map.ancestors([branchHead]).has(onto))
    throw new LinearizeRefusedError(`${onto} is already below ${branchHead}: nothing to move`);
  if (map.ancestors([onto]).has(branchHead))
    throw new LinearizeRefusedError(`${branchHead} is below ${onto}: its branch is already part of that history`);
  const moved = onlyOn(map, branchHead, onto);
  const inBranch = new Set(moved);
  // The branch's first revisions: their parents outside the branch are all below `onto`, which replaces them.
  const reparent = new Map<RevisionId, RevisionId[]>();
  for (const id of moved) {
    const parents = map.get(id).parents;
    if (parents.every((p) => inBranch.has(p))) continue;
    reparent.set(id, [...new Set([...parents.filter((p) => inBranch.has(p)), onto])]);
  }
  const after = [...map.byId.values()].map((r) => {
    const parents = reparent.get(r.id);
    return parents ? withParents(r, parents) : r;
  });
  const built = RevisionMap.build(after);
  if (!built.ok)
    throw new LinearizeRefusedError(`the graph would not be valid: ${built.problems.map((p) => p.message).join('; ')}`);
  // The moved revisions join the branch they are placed on (as a revision written there would);
  // otherwise no revision may gain or lose a label: a label stays on its branch.
  const relabelled = [...map.byId.keys()].filter((id) => {
    const before = map.labelsOf(id);
    const now = built.map.labelsOf(id);
    return before.some((l) => !now.includes(l)) || (!inBranch.has(id) && now.some((l) => !before.includes(l)));
  });
  if (relabelled.length > 0) {
    const first = relabelled[0] as RevisionId;
    throw new LinearizeRefusedError(
      `linearizing would change the branch labels of ${relabelled.length} ` +
        `revision${relabelled.length === 1 ? '' : 's'} (${first}: [${map.labelsOf(first).join(', ')}] ` +
        `→ [${built.map.labelsOf(first).join(', ')}]); create a merge revision instead`,
    );
  }
  const changes: HeaderChange[] = [];
  const texts = new Map<string, string>();
  for (const [id, parents] of reparent) {
    const parsed = parsedRevisionFile(project, id);
    if (!parsed) throw new LinearizeRefusedError(`${map.get(id).file} cannot be read again: it changed on disk`);
    const before = renderRevisionFile(parsed.file.data, parsed.file.layout);
    const text = renderRevisionFile({ ...parsed.file.data, parents }, parsed.file.layout);
    texts.set(parsed.path, text);
    changes.push({
      revision: id,
      file: map.get(id).file,
      parentsBefore: [...map.get(id).parents],
      parentsAfter: parents,
      diff: diffLines(headerOf(before), headerOf(text)),
    });
  }
  return { branchHead, onto, moved, changes, texts };
}

export function writeLinearize(plan: LinearizePlan): void {
  for (const [path, text] of plan.texts) writeFileAtomic(path, text);
}

function withParents(r: Revision, parents: readonly RevisionId[]): Revision {
  return new LoadedRevision(
    r.id,
    parents,
    r.dependsOn,
    r.branchLabels,
    r.message,
    r.created,
    r.transactional,
    r.upgradeSql,
    r.downgradeSql,
    r.upgradeLine,
    r.downgradeLine,
    r.file,
    r.lines,
  );
}

/** The lines before `-- strata:upgrade`: where a re-parented file changes. */
function headerOf(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const end = lines.findIndex((l) => /^--\s*strata:upgrade\b/.test(l.trim()));
  return lines.slice(0, end < 0 ? lines.length : end).filter((l, k, all) => k < all.length - 1 || l !== '');
}

/** A line diff of two short texts (a header: a handful of lines), by longest common subsequence. */
export function diffLines(a: readonly string[], b: readonly string[]): DiffLine[] {
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      (lcs[i] as number[])[j] =
        a[i] === b[j]
          ? ((lcs[i + 1] as number[])[j + 1] as number) + 1
          : Math.max((lcs[i + 1] as number[])[j] as number, (lcs[i] as number[])[j + 1] as number);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ kind: ' ', text: a[i++] as string });
      j++;
    } else if (
      i < a.length &&
      (j >= b.length || ((lcs[i + 1] as number[])[j] as number) >= ((lcs[i] as number[])[j + 1] as number))
    ) {
      out.push({ kind: '-', text: a[i++] as string });
    } else out.push({ kind: '+', text: b[j++] as string });
  }
  return out;
}

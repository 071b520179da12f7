// The merge analysis as a use case: which heads, then the engine's analysis. Kept apart from
// merge.ts: it loads the PostgreSQL parser, which the studio runs only in a worker.
import type { MergeAnalysis } from '../../../shared/model/merge.ts';
import type { RevisionId } from '../../../shared/model/revision.ts';
import { resolveRevision } from '../graph/targets.ts';
import { analyzeHeads } from '../merge/analyze.ts';
import type { ShadowServer } from '../merge/commute.ts';
import type { Project } from '../project/project.ts';
import { InvalidRequestError } from './errors.ts';

/** The heads a request names (`heads` or none: every head), each resolved and checked to be a head. */
export function headsOf(project: Project, refs: readonly string[]): RevisionId[] {
  const { map } = project;
  const ids =
    refs.length === 0
      ? [...map.heads]
      : refs.flatMap((r) => (r === 'heads' ? [...map.heads] : [resolveRevision(map, r)]));
  const heads = [...new Set(ids)];
  const notHeads = heads.filter((h) => !map.isHead(h));
  if (notHeads.length > 0)
    throw new InvalidRequestError(
      `only heads can be merged; ${notHeads.join(', ')} ${notHeads.length === 1 ? 'is' : 'are'} not (heads: ` +
        `${map.heads.join(', ')})`,
    );
  return heads;
}

export interface AnalyzeRequest {
  readonly heads: readonly string[];
  readonly shadow?: ShadowServer | undefined;
  readonly shadowCheck?: 'auto' | 'always';
}

export async function analyzeMerge(project: Project, request: AnalyzeRequest): Promise<MergeAnalysis> {
  const heads = headsOf(project, request.heads);
  return analyzeHeads(project.map, project.config.dialect, heads, {
    shadow: request.shadow,
    shadowCheck: request.shadowCheck ?? 'auto',
  });
}

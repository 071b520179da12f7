// The merge screen's methods. The analysis (the PostgreSQL parser, shadow databases) runs in
// a worker of its own; which connection has which branch applied comes from each
// connection's status, read again for the screen. Writing a merge revision or linearizing
// changes the project's files, which are read again at once so the graph shows the result.
import type { Reply } from '../../../shared/api/contract.ts';
import { ApiFailure } from '../../../shared/api/error-codes.ts';
import type { Handlers } from '../../../shared/rpc/dispatcher.ts';
import type { RevisionId } from '../../../shared/model/revision.ts';
import type { DatabaseTarget } from '../dialects/registry.ts';
import type { Project } from '../project/project.ts';
import { engineErrorToApi } from '../usecases/errors.ts';
import {
  createMergeRevision,
  linearize,
  placements,
  previewLinearize,
  suggestedMergeSql,
  type AppliedOn,
  type LinearizePlan,
} from '../usecases/merge.ts';
import type { DatabaseHost } from './database-host.ts';

/** A connection as these handlers need it. */
export interface MergeConnection {
  readonly id: string;
  readonly name: string;
  readonly target: DatabaseTarget;
}

export interface MergeDeps {
  readonly projectDir: () => string;
  readonly requireProject: () => Project;
  /** Reads the project again after its files changed. */
  readonly reload: () => void;
  readonly connections: () => readonly MergeConnection[];
  readonly status: (id: string) => Promise<Reply<'database.status'>>;
  /** The worker the analysis runs in. */
  readonly analysisHost: () => DatabaseHost;
}

type MergeMethods = 'merge.analyze' | 'merge.create' | 'merge.linearizePreview' | 'merge.linearize';

/** Engine refusals (not heads, labels would move, applied somewhere) as the contract's errors. */
async function contractErrors<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ApiFailure) throw error;
    const api = engineErrorToApi(error);
    throw new ApiFailure(api.code, api.message, api.details);
  }
}

export function mergeHandlers(deps: MergeDeps): Pick<Handlers, MergeMethods> {
  /** What each connection has applied; null (with the reason) where it cannot be read now. */
  const appliedOnEach = (): Promise<(AppliedOn & { connectionId: string })[]> =>
    Promise.all(
      deps.connections().map(async (c) => {
        const status = await deps.status(c.id);
        if (!status.reachable)
          return { connectionId: c.id, database: c.name, applied: null, error: status.error ?? 'not reachable' };
        if (status.unknownRows.length > 0)
          return {
            connectionId: c.id,
            database: c.name,
            applied: null,
            error: `its version table names revisions this project does not have (${status.unknownRows.join(', ')})`,
          };
        return { connectionId: c.id, database: c.name, applied: new Set(status.applied as RevisionId[]), error: null };
      }),
    );

  const reply = (plan: LinearizePlan, written: boolean, unchecked: readonly string[]): Reply<'merge.linearize'> => ({
    branchHead: plan.branchHead,
    onto: plan.onto,
    moved: [...plan.moved],
    changes: plan.changes.map((c) => ({
      ...c,
      parentsBefore: [...c.parentsBefore],
      parentsAfter: [...c.parentsAfter],
      diff: [...c.diff],
    })),
    written,
    unchecked: [...unchecked],
  });

  return {
    'merge.analyze': async ({ heads, shadowConnectionId }) => {
      deps.requireProject();
      const shadow =
        shadowConnectionId === undefined ? undefined : deps.connections().find((c) => c.id === shadowConnectionId);
      if (shadowConnectionId !== undefined && !shadow)
        throw new ApiFailure('not-found', `no connection '${shadowConnectionId}'`);
      const [analysis, databases] = await Promise.all([
        deps
          .analysisHost()
          .request('merge', { target: shadow?.target ?? null, projectDir: deps.projectDir(), heads: heads ?? [] }),
        appliedOnEach(),
      ]);
      const placed = placements(analysis, databases);
      return {
        analysis,
        databases: placed.map((p, k) => ({
          ...p,
          connectionId: (databases[k] as { connectionId: string }).connectionId,
          branches: p.branches ? [...p.branches] : null,
        })),
        suggestedSql: suggestedMergeSql(analysis),
      };
    },
    'merge.create': async ({ heads, message, upgradeSql, downgradeSql }) =>
      contractErrors(async () => {
        const written = await createMergeRevision(deps.requireProject(), {
          message,
          heads,
          branchLabels: [],
          upgradeSql,
          downgradeSql,
        });
        deps.reload();
        return { revision: written.revision, file: written.file, parents: [...written.parents] };
      }),
    'merge.linearizePreview': async ({ branchHead, onto }) =>
      contractErrors(() => reply(previewLinearize(deps.requireProject(), branchHead, onto), false, [])),
    'merge.linearize': async ({ branchHead, onto }) => {
      const project = deps.requireProject();
      const databases = await appliedOnEach();
      return contractErrors(() => {
        const plan = linearize(project, branchHead, onto, databases);
        deps.reload();
        return reply(
          plan,
          true,
          databases.filter((d) => d.applied === null).map((d) => d.database),
        );
      });
    },
  };
}

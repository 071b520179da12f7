// The open project and its revision graph.
import { z } from 'zod';
import { dialect, revisionId } from './common.ts';
import { connectionsNotice } from './connections.ts';

/** A problem in a project file; line 0: the file as a whole (a folder, a pipe, unreadable). */
export const problem = z.object({ file: z.string(), line: z.number().int(), message: z.string() });

export const projectInfo = z.object({
  dir: z.string(),
  name: z.string(),
  dialect,
  revisionCount: z.number().int(),
  heads: z.array(revisionId),
  /** When the project cannot be loaded: every problem, with file and line. */
  problems: z.array(problem),
  /** Set when the saved connections were damaged at start and kept aside (shown by the connections bar). */
  connectionsNotice: connectionsNotice.nullable(),
  /** Which load of the project this is: one more each time it is read again and differs (shared/api/contract.ts
   * events['project.changed']). The graph and a plan name the load they come from. */
  generation: z.number().int(),
});
export type ProjectInfo = z.infer<typeof projectInfo>;

export const revisionNode = z.object({
  id: revisionId,
  parents: z.array(revisionId),
  dependsOn: z.array(revisionId),
  /** Labels with Alembic's propagation. In the graph only heads carry them (they would repeat
   * on every row of a labelled branch and double the payload of a big history); revision.get
   * has them for any revision. */
  labels: z.array(z.string()),
  declaredLabels: z.array(z.string()),
  message: z.string(),
  created: z.string().nullable(),
  transactional: z.boolean(),
});
export type RevisionNode = z.infer<typeof revisionNode>;

export const graphData = z.object({
  /** Newest first, in a topological order (children before parents): the order rows are drawn. */
  revisions: z.array(revisionNode),
  heads: z.array(revisionId),
  bases: z.array(revisionId),
  /** The load it was drawn from (projectInfo.generation). */
  generation: z.number().int(),
});
export type GraphData = z.infer<typeof graphData>;

/**
 * project.graph on the wire: graphData in columns (shared/model/graph-wire.ts packs and unpacks
 * it). One object per revision repeated eight keys 50,000 times: receiving and parsing that was
 * most of the renderer's time before the first paint of a large history. Columns of strings
 * parse several times faster, and parents as row numbers weigh a fraction of their ids.
 */
export const graphWire = z.object({
  ids: z.array(revisionId),
  messages: z.array(z.string()),
  created: z.array(z.string().nullable()),
  /** Each revision's parents: its row number, or the id of a parent that is not in the graph (a broken file). */
  parents: z.array(z.array(z.union([z.number().int().nonnegative(), revisionId]))),
  /** Rows whose depends-on, labels or declared labels are not empty, or that are not transactional. */
  extras: z.array(
    z.object({
      row: z.number().int().nonnegative(),
      dependsOn: z.array(revisionId),
      labels: z.array(z.string()),
      declaredLabels: z.array(z.string()),
      transactional: z.boolean(),
    }),
  ),
  heads: z.array(revisionId),
  bases: z.array(revisionId),
  generation: z.number().int(),
});
export type GraphWire = z.infer<typeof graphWire>;

export const revisionDetail = revisionNode.extend({
  /** The file, relative to the working folder (kept out of the graph: 10,000 paths weigh). */
  file: z.string(),
  upgradeSql: z.string(),
  downgradeSql: z.string().nullable(),
  upgradeLine: z.number().int(),
  downgradeLine: z.number().int().nullable(),
  checksum: z.string(),
  children: z.array(revisionId),
});
export type RevisionDetail = z.infer<typeof revisionDetail>;

export const projectOpenInput = z.object({ dir: z.string().min(1).optional() }).strict();
export const revisionGetInput = z.object({ id: revisionId }).strict();
export const revisionSaveInput = z
  .object({ id: revisionId, upgradeSql: z.string().max(5_000_000), downgradeSql: z.string().max(5_000_000).nullable() })
  .strict();
/** A new revision, as `strata revision` writes it. */
export const revisionCreateInput = z
  .object({
    message: z.string().trim().min(1).max(500),
    /** The revision it goes on (id, prefix or target); absent: the single head; 'base': a new base. */
    parent: z.string().min(1).max(200).optional(),
    branchLabel: z.string().max(100).optional(),
    /** Revisions or branch labels that must be applied first (not parents). */
    dependsOn: z.array(z.string().min(1).max(200)).max(50).default([]),
    transactional: z.boolean().default(true),
  })
  .strict();
export const revisionCreateOutput = z.object({
  id: revisionId,
  /** The file written, relative to the working folder like revisionDetail.file. */
  file: z.string(),
  parents: z.array(revisionId),
});

export const revisionSaveOutput = z.object({
  checksum: z.string(),
  /** Connections where this revision is applied: the edit will be reported by `check` there. */
  appliedOn: z.array(z.object({ connectionId: z.string(), name: z.string() })),
});

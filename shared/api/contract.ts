// The one contract: every request the renderer can make and every event it can receive.
// The Electron IPC handlers, the preload, the bridge and the renderer's client are typed
// from this table and validate against it.
import { z } from 'zod';
import {
  connectionInfo,
  connectionRef,
  connectionSaveInput,
  connectionTestResult,
  databaseStatus,
  historyEntry,
  historyInput,
  unlockInput,
  connectionTestSettingsInput,
} from './connections.ts';
import { autogenDiffInput, autogenDiffOutput, autogenWriteInput, autogenWriteOutput } from './autogen.ts';
import {
  graphWire,
  projectInfo,
  projectOpenInput,
  revisionDetail,
  revisionGetInput,
  revisionCreateInput,
  revisionCreateOutput,
  revisionSaveInput,
  revisionSaveOutput,
} from './project.ts';
import {
  lintApplyFixInput,
  lintApplyFixOutput,
  lintDraftInput,
  lintDraftOutput,
  lintFixPreviewOutput,
  lintImpactInput,
  lintImpactOutput,
  lintRevisionInput,
  projectLint,
  revisionLint,
} from './lint.ts';
import { pickFolderInput, pickFolderOutput, projectCreateInput, welcomeInfo } from './studio.ts';
import {
  linearizeInput,
  linearizeOutput,
  mergeAnalyzeInput,
  mergeAnalyzeOutput,
  mergeCreateInput,
  mergeCreateOutput,
} from './merge.ts';
import {
  planInput,
  planOutput,
  planSqlOutput,
  rehearseInput,
  rehearseOutput,
  resolveInput,
  resolveOutput,
  runEventMessage,
  runRef,
  runStartInput,
  runStartOutput,
} from './run.ts';

const empty = z.object({}).strict();

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly kind: 'query' | 'command';
  readonly input: I;
  readonly output: O;
}

function query<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): MethodSpec<I, O> {
  return { kind: 'query', input, output };
}
function command<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): MethodSpec<I, O> {
  return { kind: 'command', input, output };
}

export const contract = {
  'project.open': command(projectOpenInput, projectInfo),
  'project.info': query(empty, projectInfo),
  'project.graph': query(empty, graphWire),
  /** The files read again now (the watcher does it as they change); connections and runs are left as they are. */
  'project.reload': command(empty, projectInfo),
  /** A strata.json and versions/ in a folder (created if missing), then that project opened. */
  'project.create': command(projectCreateInput, projectInfo),
  'studio.welcome': query(empty, welcomeInfo),
  /** The desktop app's folder picker; where there is none (the bridge) nothing is picked. */
  'studio.pickFolder': command(pickFolderInput, pickFolderOutput),
  'revision.get': query(revisionGetInput, revisionDetail),
  'revision.save': command(revisionSaveInput, revisionSaveOutput),
  /** A new revision file in the native layout (the use case `strata revision` calls), then the project read again. */
  'revision.create': command(revisionCreateInput, revisionCreateOutput),
  'lint.project': query(empty, projectLint),
  'lint.revision': query(lintRevisionInput, revisionLint),
  'lint.applyFix': command(lintApplyFixInput, lintApplyFixOutput),
  /** The file a fix would write and where its revision is applied; nothing is written. */
  'lint.previewFix': query(lintApplyFixInput, lintFixPreviewOutput),
  /** Unsaved text (an edited revision, a generated upgrade) linted in the lint worker. */
  'lint.draft': query(lintDraftInput, lintDraftOutput),
  /** Sizes, estimated lock-hold times and conflicting sessions, from a live PostgreSQL. */
  'lint.impact': query(lintImpactInput, lintImpactOutput),
  'connections.list': query(empty, z.array(connectionInfo)),
  'connections.save': command(connectionSaveInput, connectionInfo),
  'connections.remove': command(connectionRef, z.object({ removed: z.boolean() })),
  'connections.test': command(connectionRef, connectionTestResult),
  /** The connection dialog's Test: the settings as typed, never saved. */
  'connections.testSettings': query(connectionTestSettingsInput, connectionTestResult),
  'connections.unlock': command(unlockInput, z.object({ unlocked: z.boolean() })),
  'database.status': query(connectionRef, databaseStatus),
  'database.history': query(historyInput, z.array(historyEntry)),
  'run.plan': query(planInput, planOutput),
  /** The same plan as one SQL script (what `strata upgrade --sql` prints), from the database's current rows. */
  'run.planSql': query(planInput, planSqlOutput),
  'run.start': command(runStartInput, runStartOutput),
  'run.cancel': command(runRef, z.object({ cancelled: z.boolean() })),
  'run.rehearse': command(rehearseInput, rehearseOutput),
  /** The way out of an interrupted transactional false revision, chosen by the user. */
  'run.resolve': command(resolveInput, resolveOutput),
  /** schema.sql against a live database or the heads: operations, SQL, lint, rename candidates. */
  'autogen.diff': query(autogenDiffInput, autogenDiffOutput),
  /** The same, written as one revision on the single head (nothing when there is no change). */
  'autogen.write': command(autogenWriteInput, autogenWriteOutput),
  /** The heads' branches, footprints and conflicts, and which connection has which branch applied. */
  'merge.analyze': query(mergeAnalyzeInput, mergeAnalyzeOutput),
  'merge.create': command(mergeCreateInput, mergeCreateOutput),
  /** The header diff a linearization would write; nothing is written. */
  'merge.linearizePreview': query(linearizeInput, linearizeOutput),
  'merge.linearize': command(linearizeInput, linearizeOutput),
} as const satisfies Record<string, MethodSpec>;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Input<M extends Method> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends Method> = z.output<Contract[M]['input']>;
export type Output<M extends Method> = z.output<Contract[M]['output']>;

/** Data as the engine makes it: the same shape, every array and field read-only. */
export type DeepReadonly<T> = T extends readonly (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;
/** What a handler may return for a method: its output, read-only (the doors only serialize it). */
export type Reply<M extends Method> = DeepReadonly<Output<M>>;

/** Events pushed to every renderer. */
export const events = {
  'run.event': runEventMessage,
  'database.status': databaseStatus,
  /** The project was read again and is not what it was (its files changed on disk, or a write of the studio's own):
   * the graph, the inspector and a plan shown are asked for again. */
  'project.changed': projectInfo,
} as const;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
/** What the service may emit for an event: its payload, read-only. */
export type EventReply<E extends EventName> = DeepReadonly<EventPayload<E>>;

export const METHODS = Object.keys(contract) as Method[];

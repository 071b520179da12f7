// Messages between the service (main thread) and a database worker. Plain data only. Each
// operation names its request and its reply, and a reply is the contract's output of the
// method it serves (or the part of it the worker knows), so that what crosses the thread
// boundary is checked by the compiler on both sides and handed to the doors as it came.
import type { RenameDecisionsInfo, ReviewedSql } from '../../../shared/api/autogen.ts';
import type { DatabaseStatus } from '../../../shared/api/connections.ts';
import type { DeepReadonly, Reply } from '../../../shared/api/contract.ts';
import type { ApiError } from '../../../shared/api/error-codes.ts';
import type { RunEventInfo } from '../../../shared/api/run.ts';
import type { MergeAnalysis } from '../../../shared/model/merge.ts';
import type { Direction } from '../../../shared/model/revision.ts';
import type { DatabaseTarget } from '../dialects/registry.ts';
import type { ImpactStatement } from '../lint/live/live-impact.ts';
import type { ResolveAction } from '../runner/interrupted/resolve.ts';

/** What autogenerate is asked, as plain data: the live database (absent: the heads), the rest as the contract says. */
export interface AutogenRequestData {
  readonly target: DatabaseTarget | undefined;
  readonly projectDir: string;
  readonly shadowUrl: string | undefined;
  readonly renames: RenameDecisionsInfo;
  readonly include: readonly string[] | undefined;
}

/** An operation: what the worker is sent, and what it answers. */
export interface Operation<Request, Answer> {
  readonly request: Request;
  readonly reply: Answer;
}

export type DatabaseOps = {
  readonly status: Operation<
    { readonly target: DatabaseTarget; readonly projectDir: string },
    DeepReadonly<Pick<DatabaseStatus, 'rows' | 'applied' | 'unknownRows' | 'interrupted' | 'exists'>>
  >;
  readonly history: Operation<
    { readonly target: DatabaseTarget; readonly projectDir: string; readonly revision: string | undefined },
    Reply<'database.history'>
  >;
  readonly test: Operation<{ readonly target: DatabaseTarget }, Reply<'connections.test'>>;
  readonly plan: Operation<
    {
      readonly target: DatabaseTarget;
      readonly projectDir: string;
      readonly direction: Direction;
      readonly spec: string;
    },
    Omit<Reply<'run.plan'>, 'generation'> & {
      /** The key of the load the plan was made from (usecases/project.ts graphKey). */
      readonly graphKey: string;
    }
  >;
  /** Replies once the run has started; its progress and outcome arrive as run events. */
  readonly run: Operation<
    {
      readonly runId: string;
      readonly target: DatabaseTarget;
      readonly projectDir: string;
      readonly direction: Direction;
      readonly spec: string;
      readonly singleTransaction: boolean;
      readonly maxSteps: number | undefined;
      /** Alembic projects: `alembic stamp` to the target instead of a run. */
      readonly stamp: boolean;
      readonly lockTimeout: string | undefined;
      readonly retries: number | undefined;
    },
    Reply<'run.start'>
  >;
  readonly cancel: Operation<{ readonly runId: string }, Reply<'run.cancel'>>;
  readonly resolve: Operation<
    {
      readonly target: DatabaseTarget;
      readonly projectDir: string;
      readonly revision: string;
      readonly action: ResolveAction;
    },
    Reply<'run.resolve'>
  >;
  readonly impact: Operation<
    {
      readonly target: DatabaseTarget;
      readonly revisions: readonly { readonly revision: string; readonly statements: readonly ImpactStatement[] }[];
    },
    Reply<'lint.impact'>
  >;
  /** `target` undefined: the heads, built on a shadow database. */
  readonly autogenDiff: Operation<AutogenRequestData, Reply<'autogen.diff'>>;
  readonly autogenWrite: Operation<
    AutogenRequestData & { readonly message: string; readonly reviewed: ReviewedSql | undefined },
    Reply<'autogen.write'>
  >;
  readonly rehearse: Operation<
    { readonly target: DatabaseTarget; readonly projectDir: string; readonly spec: string },
    Reply<'run.rehearse'>
  >;
  /** The merge analysis; `target`: the PostgreSQL server for shadow databases (null: none; SQLite uses memory). */
  readonly merge: Operation<
    { readonly target: DatabaseTarget | null; readonly projectDir: string; readonly heads: readonly string[] },
    MergeAnalysis
  >;
};

/** Every operation map: operation name → request and reply. */
export type OperationMap = { readonly [op: string]: Operation<object, unknown> };

/** The message that asks for operation K (every K of `Ops` when not given). */
export type RequestOf<Ops extends OperationMap, K extends keyof Ops = keyof Ops> = K extends keyof Ops & string
  ? { readonly id: number; readonly op: K } & Ops[K]['request']
  : never;
export type ReplyOf<Ops extends OperationMap, K extends keyof Ops> = Ops[K]['reply'];

export type WorkerRequest = RequestOf<DatabaseOps>;

/** What every worker posts in answer to a request. */
export type WorkerReply =
  | { readonly kind: 'reply'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly kind: 'reply'; readonly id: number; readonly ok: false; readonly error: ApiError };

export type RunEventMessage = {
  readonly kind: 'run-event';
  readonly runId: string;
  readonly event: DeepReadonly<RunEventInfo>;
};

export type WorkerMessage = WorkerReply | RunEventMessage;
